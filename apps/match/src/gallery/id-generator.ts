import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';

/** Mints watchlist, subject and template ids; unit tests replace it with a counter. */
@Injectable()
export class IdGenerator {
  next(prefix: 'wl' | 'subj' | 'tpl'): string {
    return `${prefix}-${ulid().toLowerCase()}`;
  }
}
