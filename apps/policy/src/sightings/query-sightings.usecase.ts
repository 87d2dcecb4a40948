import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { refuseForbiddenRequest, type InferredAttribute } from '@sightline/governance';
import { decodeSightingPageToken, encodeSightingPageToken } from './sighting-page-token';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type QuerySightingsCommand,
  type SightingFilter,
  type SightingPage,
} from './sighting-query';
import { SightingRepository } from './sighting.repository';

/** One page of the sightings log, newest first; validates the query before touching the database. */
@Injectable()
export class QuerySightingsUseCase {
  constructor(@Inject(SightingRepository) private readonly sightings: SightingRepository) {}

  async execute(command: QuerySightingsCommand): Promise<SightingPage> {
    refuseAttributeInference(command.inferAttributes ?? []);
    const pageSize = pageSizeOf(command.pageSize);
    const filter = filterOf(command);
    const after = command.pageToken
      ? decodeSightingPageToken(command.pageToken, filter)
      : undefined;
    // One row more than asked says whether a next page exists, so the last page has no token.
    const rows = await this.sightings.findPage(filter, after, pageSize + 1);
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    return {
      sightings: page,
      nextPageToken:
        rows.length > pageSize && last
          ? encodeSightingPageToken({ firstSeenAt: last.firstSeenAt, id: last.id }, filter)
          : '',
    };
  }
}

const FORBIDDEN_INFERENCES: readonly InferredAttribute[] = [
  'age',
  'gender',
  'ethnicity',
  'emotion',
];

/** Sightline infers nothing about people; the attributes the law names get the policy's refusal. */
function refuseAttributeInference(requested: readonly string[]): void {
  for (const name of requested) {
    const attribute = FORBIDDEN_INFERENCES.find((candidate) => candidate === name.toLowerCase());
    if (attribute) refuseForbiddenRequest({ kind: 'infer-attribute', attribute });
    throw new DomainError(
      ErrorCode.InvalidArgument,
      `infer_attributes must be empty: Sightline infers no attributes of people, and "${name}" is not one it knows`,
      { field: 'infer_attributes' },
    );
  }
}

function pageSizeOf(requested: number): number {
  if (!Number.isInteger(requested) || requested < 0 || requested > MAX_PAGE_SIZE) {
    throw new DomainError(
      ErrorCode.InvalidArgument,
      `page_size must be between 0 (meaning ${DEFAULT_PAGE_SIZE}) and ${MAX_PAGE_SIZE}, got ${requested}`,
      { field: 'page_size' },
    );
  }
  return requested === 0 ? DEFAULT_PAGE_SIZE : requested;
}

function filterOf(command: QuerySightingsCommand): SightingFilter {
  const range = command.timeRange;
  if (range) {
    if (!range.start || Number.isNaN(range.start.getTime())) {
      throw new DomainError(ErrorCode.InvalidArgument, 'time_range.start is required', {
        field: 'time_range.start',
      });
    }
    if (range.end && !(range.end.getTime() > range.start.getTime())) {
      throw new DomainError(
        ErrorCode.InvalidArgument,
        `time_range.end (${range.end.toISOString()}) must be after time_range.start (${range.start.toISOString()})`,
        { field: 'time_range.end' },
      );
    }
  }
  return {
    ...(command.cameraId ? { cameraId: command.cameraId } : {}),
    ...(command.subjectId ? { subjectId: command.subjectId } : {}),
    ...(command.watchlistId ? { watchlistId: command.watchlistId } : {}),
    ...(command.matchStatus ? { matchStatus: command.matchStatus } : {}),
    ...(range?.start ? { from: range.start } : {}),
    ...(range?.end ? { to: range.end } : {}),
  };
}
