// A progress line per phase on stderr: rows done/total, rows/s and ETA. On a terminal it
// redraws in place; otherwise (CI, a log file) it prints a line every few seconds.

const BAR_WIDTH = 28;

const grouped = (n) => Math.round(n).toLocaleString('en-US');

function clock(seconds) {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

class Progress {
  constructor(label, total, { stream = process.stderr, quiet = false } = {}) {
    this.label = label;
    this.total = total;
    this.stream = stream;
    this.quiet = quiet;
    this.tty = Boolean(stream.isTTY);
    this.done = 0;
    this.started = Date.now();
    this.lastDraw = 0;
    this.draw();
  }

  add(rows) {
    this.update(this.done + rows);
  }

  update(done) {
    this.done = done;
    const now = Date.now();
    if (now - this.lastDraw >= (this.tty ? 200 : 5000)) this.draw();
  }

  line() {
    const elapsed = (Date.now() - this.started) / 1000;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const filled = Math.round(fraction * BAR_WIDTH);
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : Infinity;
    return `${this.label.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${grouped(this.done)}/${grouped(this.total)} ${(fraction * 100).toFixed(0).padStart(3)}%  ${grouped(rate)} rows/s  ETA ${clock(eta)}  (${clock(elapsed)})`;
  }

  draw() {
    if (this.quiet) return;
    this.lastDraw = Date.now();
    this.drawnDone = this.done;
    this.stream.write(this.tty ? `\r${this.line()}\x1b[K` : `${this.line()}\n`);
  }

  /** Final line; returns the elapsed seconds. */
  finish() {
    if (this.drawnDone !== this.done || this.tty) this.draw();
    if (this.tty && !this.quiet) this.stream.write('\n');
    return (Date.now() - this.started) / 1000;
  }
}

module.exports = { Progress, grouped, clock };
