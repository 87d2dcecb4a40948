import { Injectable } from '@nestjs/common';

/** Time as a dependency, so use cases with deadlines and expiries are testable. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
