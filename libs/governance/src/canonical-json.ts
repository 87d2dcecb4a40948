import { DomainError, ErrorCode } from '@sightline/contracts';

/**
 * A single byte-exact serialisation: keys sorted by code unit, no whitespace, undefined object
 * members omitted. Anything JSON would silently coerce (NaN, Dates, Maps, functions) is refused,
 * because a hash over a lossy encoding would not seal the real content.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw unsupported(String(value));
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  throw unsupported(typeof value === 'object' ? 'non-plain object' : typeof value);
}

function unsupported(what: string): DomainError {
  return new DomainError(ErrorCode.InvalidArgument, `canonical JSON cannot encode ${what}`);
}
