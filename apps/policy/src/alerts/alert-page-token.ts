import { DomainError, ErrorCode } from '@sightline/contracts';
import type { AlertStatus } from './alert.entity';
import type { AlertCursor } from './alert.repository';

interface TokenBody {
  /** raisedAt of the last row, epoch milliseconds. */
  readonly t: number;
  /** id of the last row. */
  readonly k: string;
  /** The status filter the token was issued for ('' for all). */
  readonly s: string;
}

/** Opaque ListAlerts page token: base64url of the last sort key and the status filter. */
export function encodeAlertPageToken(cursor: AlertCursor, status: AlertStatus | undefined): string {
  const body: TokenBody = { t: cursor.raisedAt.getTime(), k: cursor.id, s: status ?? '' };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeAlertPageToken(token: string, status: AlertStatus | undefined): AlertCursor {
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
    typeof body.s !== 'string'
  ) {
    throw invalidToken('it is not a token this service issued');
  }
  if (body.s !== (status ?? '')) {
    throw invalidToken('it was issued for a different status filter');
  }
  return { raisedAt: new Date(body.t), id: body.k };
}

function invalidToken(reason: string): DomainError {
  return new DomainError(ErrorCode.InvalidArgument, `page_token is invalid: ${reason}`, {
    field: 'page_token',
  });
}
