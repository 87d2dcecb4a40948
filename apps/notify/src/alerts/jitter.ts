import { Injectable } from '@nestjs/common';

/** Randomness as a dependency, so backoff is deterministic in tests. */
@Injectable()
export class Jitter {
  /** A number in [0, 1). */
  next(): number {
    return Math.random();
  }
}
