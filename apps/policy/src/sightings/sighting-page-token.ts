import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { SightingCursor, SightingFilter } from './sighting-query';

interface TokenBody {
  /** firstSeenAt of the last row, epoch milliseconds. */
  readonly t: number;
  /** id of the last row. */
  readonly k: string;
  /** Fingerprint of the filter the token was issued for. */
  readonly q: string;
}

/**
 * Opaque page tokens: base64url of the last row's sort key plus a fingerprint of the filter, so a
 * token replayed against a different query is refused instead of silently skipping rows.
 */
export function encodeSightingPageToken(cursor: SightingCursor, filter: SightingFilter): string {
  const body: TokenBody = { t: cursor.firstSeenAt.getTime(), k: cursor.id, q: fingerprint(filter) };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The cursor of a token issued by encodeSightingPageToken for the same filter; INVALID_ARGUMENT otherwise. */
export function decodeSightingPageToken(token: string, filter: SightingFilter): SightingCursor {
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw invalidToken('it is not a token this service issued');
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof body.t !== 'number' ||
    !Number.isFinite(body.t) ||
    typeof body.k !== 'string' ||
    body.k.length === 0 ||
    typeof body.q !== 'string'
  ) {
    throw invalidToken('it is not a token this service issued');
  }
  if (body.q !== fingerprint(filter)) {
    throw invalidToken('it was issued for a query with different filters');
  }
  return { firstSeenAt: new Date(body.t), id: body.k };
}

function fingerprint(filter: SightingFilter): string {
  const canonical = JSON.stringify([
    filter.cameraId ?? null,
    filter.subjectId ?? null,
    filter.watchlistId ?? null,
    filter.matchStatus ?? null,
    filter.from?.getTime() ?? null,
    filter.to?.getTime() ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function invalidToken(reason: string): DomainError {
  return new DomainError(ErrorCode.InvalidArgument, `page_token is invalid: ${reason}`, {
    field: 'page_token',
  });
}
