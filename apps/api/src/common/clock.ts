import { Injectable } from '@nestjs/common';

/** The one source of "now", injectable so tests control time instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
