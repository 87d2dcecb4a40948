import { DomainError } from '@sightline/contracts';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sorted top-level keys', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      'sorted nested keys',
      { z: { y: 1, x: [{ d: 1, c: 2 }] } },
      '{"z":{"x":[{"c":2,"d":1}],"y":1}}',
    ],
    ['undefined members omitted', { a: undefined, b: null }, '{"b":null}'],
    ['arrays keep their order', [3, 1, 2], '[3,1,2]'],
    ['strings escaped as JSON', { 'k"ey': 'line\nbreak' }, '{"k\\"ey":"line\\nbreak"}'],
    ['code-unit order, capitals first', { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
    ['booleans and numbers', { t: true, n: -1.5 }, '{"n":-1.5,"t":true}'],
  ])('%s', (_case, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('does not depend on insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(
      canonicalJson({ b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it.each<[string, unknown]>([
    ['NaN', { a: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['a Date', { at: new Date(0) }],
    ['a Map', new Map()],
    ['a function', { f: () => 1 }],
    ['a bigint', { n: BigInt(1) }],
    ['a bare undefined', undefined],
  ])('refuses %s rather than encoding it lossily', (_case, value) => {
    expect(() => canonicalJson(value)).toThrow(DomainError);
  });
});
