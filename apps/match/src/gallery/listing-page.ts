import { DomainError, ErrorCode } from '@sightline/contracts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface PageRequest {
  /** 0 or absent means the default. */
  readonly pageSize?: number;
  readonly pageToken?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

export function pageSizeOf(requested: number | undefined): number {
  if (!requested || requested <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.floor(requested));
}

/** The token is the last id of the page, opaque to clients so the key can change later. */
export function pageTokenOf(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function afterIdOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  const id = Buffer.from(token, 'base64url').toString('utf8');
  if (id.length === 0 || pageTokenOf(id) !== token) {
    throw new DomainError(ErrorCode.InvalidArgument, 'page_token is not one this API issued', {
      field: 'page_token',
    });
  }
  return id;
}

/** One page more than asked tells whether another page exists, without a count. */
export function pageOf<T>(rows: T[], size: number, idOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  return {
    items,
    nextPageToken: rows.length > size && last !== undefined ? pageTokenOf(idOf(last)) : '',
  };
}
