import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID whose randomness is a hash of `seed`: the same fact recorded twice (a handler run again on
 * redelivery) gets the same event id, so idempotent consumers keep it once. Time-ordered like any
 * ULID by `at`.
 */
export function derivedEventId(seed: string, at: Date): string {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let randomPart = '';
  for (let index = 0; index < 16; index += 1) randomPart += CROCKFORD[digest[index] % 32];
  return encodeTime(at.getTime(), 10) + randomPart;
}
