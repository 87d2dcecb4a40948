import { decodeTime, isValid } from 'ulid';
import { derivedEventId } from './derived-event-id';

describe('derivedEventId', () => {
  const at = new Date('2026-11-26T17:00:00.000Z');

  it('is a valid ULID carrying the given time', () => {
    const id = derivedEventId('alert:al-1:raised', at);
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(at.getTime());
  });

  it('is the same for the same seed and time, and differs for another seed', () => {
    expect(derivedEventId('a', at)).toBe(derivedEventId('a', at));
    expect(derivedEventId('a', at)).not.toBe(derivedEventId('b', at));
  });
});
