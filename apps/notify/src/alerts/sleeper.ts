import { Injectable } from '@nestjs/common';

/** Waiting as a dependency, so retry schedules are tested without real time passing. */
@Injectable()
export class Sleeper {
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
