import { DomainError } from '@sightline/contracts';
import { mergeKey, shouldMerge } from './alert-merge';

const now = new Date('2026-03-01T12:00:00.000Z');
const secondsBefore = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('mergeKey', () => {
  it.each<[string, [string, string, string], [string, string, string], boolean]>([
    ['identical triples', ['s', 'c', 't'], ['s', 'c', 't'], true],
    ['another subject', ['s', 'c', 't'], ['s2', 'c', 't'], false],
    ['another camera', ['s', 'c', 't'], ['s', 'c2', 't'], false],
    ['another track', ['s', 'c', 't'], ['s', 'c', 't2'], false],
    ['separator shifted between ids', ['a|b', 'c', 't'], ['a', 'b|c', 't'], false],
    ['colon shifted between ids', ['a:b', 'c', 't'], ['a', 'b:c', 't'], false],
    ['quote and comma shifted', ['a","b', 'c', 't'], ['a', 'b","c', 't'], false],
  ])('%s → same key: %s', (_case, left, right, same) => {
    expect(mergeKey(...left) === mergeKey(...right)).toBe(same);
  });
});

describe('shouldMerge', () => {
  it.each<[string, Date | undefined, number, boolean]>([
    ['no previous alert', undefined, 60, false],
    ['a repeat at the same instant', now, 60, true],
    ['a repeat 59 s later within 60 s', secondsBefore(59), 60, true],
    ['a repeat exactly at the window edge', secondsBefore(60), 60, false],
    ['a repeat after the window', secondsBefore(61), 60, false],
    ['an out-of-order repeat 30 s in the future', secondsBefore(-30), 60, true],
    ['an out-of-order repeat 90 s in the future', secondsBefore(-90), 60, false],
    ['a zero window never merges', now, 0, false],
  ])('%s → %s', (_case, previous, windowSeconds, expected) => {
    expect(shouldMerge(previous, now, windowSeconds)).toBe(expected);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a window of %s seconds',
    (windowSeconds) => {
      expect(() => shouldMerge(now, now, windowSeconds)).toThrow(DomainError);
    },
  );
});
