import { Clock } from '../../src/common/clock';

/** A clock tests move by hand; starts at real time. */
export class TestClock extends Clock {
  private offsetMs = 0;
  private frozen: Date | null = null;

  override now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (this.frozen) this.frozen = new Date(this.frozen.getTime() + ms);
    else this.offsetMs += ms;
  }

  set(date: Date): void {
    this.frozen = new Date(date);
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozen = null;
  }
}
