import { assertUnreachable, DomainError, ErrorCode } from '@sightline/contracts';
import { sightingsV1 } from '@sightline/proto';
import type { Sighting } from './sighting.entity';
import type { QuerySightingsCommand } from './sighting-query';

/**
 * proto-loader's object form of sightline.sightings.v1 as Nest hands it over (keepCase false,
 * longs and enums as numbers, defaults on): Timestamps are { seconds, nanos }, absent messages null.
 */
export interface WireTimestamp {
  readonly seconds: number;
  readonly nanos: number;
}

export interface WireQuerySightingsRequest {
  readonly cameraId: string;
  readonly subjectId: string;
  readonly watchlistId: string;
  readonly timeRange?: { start?: WireTimestamp | null; end?: WireTimestamp | null } | null;
  readonly matchStatus: number;
  readonly pageSize: number;
  readonly pageToken: string;
  readonly inferAttributes?: readonly string[];
}

export interface WireSighting {
  readonly cameraId: string;
  readonly trackId: string;
  readonly firstSeenAt: WireTimestamp;
  readonly lastSeenAt: WireTimestamp;
  readonly facesSeen: number;
  readonly bestQuality: number;
  readonly matchStatus: sightingsV1.MatchStatus;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly score: number;
  readonly eventId: string;
}

export interface WireQuerySightingsResponse {
  readonly sightings: WireSighting[];
  readonly nextPageToken: string;
}

export function querySightingsCommandFromWire(
  request: WireQuerySightingsRequest,
): QuerySightingsCommand {
  const range = request.timeRange;
  const matchStatus = matchStatusFromWire(request.matchStatus);
  return {
    cameraId: request.cameraId ?? '',
    subjectId: request.subjectId ?? '',
    watchlistId: request.watchlistId ?? '',
    ...(matchStatus ? { matchStatus } : {}),
    ...(range
      ? {
          timeRange: {
            ...(range.start ? { start: dateFromWire(range.start, 'time_range.start') } : {}),
            ...(range.end ? { end: dateFromWire(range.end, 'time_range.end') } : {}),
          },
        }
      : {}),
    pageSize: request.pageSize ?? 0,
    pageToken: request.pageToken ?? '',
    inferAttributes: request.inferAttributes ?? [],
  };
}

export function sightingToWire(sighting: Sighting): WireSighting {
  return {
    cameraId: sighting.cameraId,
    trackId: sighting.trackId,
    firstSeenAt: dateToWire(sighting.firstSeenAt),
    lastSeenAt: dateToWire(sighting.lastSeenAt),
    facesSeen: sighting.facesSeen,
    bestQuality: sighting.bestQuality,
    matchStatus: matchStatusToWire(sighting.matchStatus),
    watchlistId: sighting.watchlistId ?? '',
    subjectId: sighting.subjectId ?? '',
    score: sighting.score ?? 0,
    eventId: sighting.eventId,
  };
}

/** UNSPECIFIED means "any status"; a number outside the enum is the client's mistake. */
export function matchStatusFromWire(value: number): Sighting['matchStatus'] | undefined {
  const status = value as sightingsV1.MatchStatus;
  switch (status) {
    case sightingsV1.MatchStatus.MATCH_STATUS_UNSPECIFIED:
      return undefined;
    case sightingsV1.MatchStatus.MATCH_STATUS_NONE:
      return 'none';
    case sightingsV1.MatchStatus.MATCH_STATUS_NOT_ATTEMPTED:
      return 'not-attempted';
    case sightingsV1.MatchStatus.MATCH_STATUS_MATCHED:
      return 'matched';
    case sightingsV1.MatchStatus.UNRECOGNIZED:
      break;
    default:
      break;
  }
  throw new DomainError(ErrorCode.InvalidArgument, `match_status ${value} is not a MatchStatus`, {
    field: 'match_status',
  });
}

export function matchStatusToWire(status: Sighting['matchStatus']): sightingsV1.MatchStatus {
  switch (status) {
    case 'none':
      return sightingsV1.MatchStatus.MATCH_STATUS_NONE;
    case 'not-attempted':
      return sightingsV1.MatchStatus.MATCH_STATUS_NOT_ATTEMPTED;
    case 'matched':
      return sightingsV1.MatchStatus.MATCH_STATUS_MATCHED;
    default:
      return assertUnreachable(status);
  }
}

function dateFromWire(timestamp: WireTimestamp, field: string): Date {
  const { seconds, nanos } = timestamp;
  const date = new Date(seconds * 1000 + Math.floor(nanos / 1e6));
  if (
    !Number.isFinite(seconds) ||
    !Number.isInteger(nanos) ||
    nanos < 0 ||
    nanos > 999_999_999 ||
    Number.isNaN(date.getTime())
  ) {
    throw new DomainError(ErrorCode.InvalidArgument, `${field} is not a valid timestamp`, {
      field,
    });
  }
  return date;
}

function dateToWire(date: Date): WireTimestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}
