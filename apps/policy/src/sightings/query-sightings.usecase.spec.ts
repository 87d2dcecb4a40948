import { ErrorCode } from '@sightline/contracts';
import { QuerySightingsUseCase } from './query-sightings.usecase';
import type { Sighting } from './sighting.entity';
import type { SightingCursor, SightingFilter, QuerySightingsCommand } from './sighting-query';
import { decodeSightingPageToken, encodeSightingPageToken } from './sighting-page-token';
import type { SightingRepository } from './sighting.repository';
import { querySightingsCommandFromWire } from './sighting-wire';

/** An in-memory findPage with the repository's order: firstSeenAt desc, then id asc. */
function inMemory(rows: Sighting[]) {
  const calls: { filter: SightingFilter; after?: SightingCursor; limit: number }[] = [];
  const repository = {
    findPage: jest.fn(
      async (filter: SightingFilter, after: SightingCursor | undefined, limit: number) => {
        calls.push({ filter, after, limit });
        return rows
          .filter((row) => !filter.cameraId || row.cameraId === filter.cameraId)
          .filter((row) => !filter.subjectId || row.subjectId === filter.subjectId)
          .filter((row) => !filter.from || row.firstSeenAt >= filter.from)
          .filter((row) => !filter.to || row.firstSeenAt < filter.to)
          .sort(
            (a, b) => b.firstSeenAt.getTime() - a.firstSeenAt.getTime() || a.id.localeCompare(b.id),
          )
          .filter(
            (row) =>
              !after ||
              row.firstSeenAt < after.firstSeenAt ||
              (row.firstSeenAt.getTime() === after.firstSeenAt.getTime() && row.id > after.id),
          )
          .slice(0, limit);
      },
    ),
  } as unknown as SightingRepository;
  return { calls, useCase: new QuerySightingsUseCase(repository) };
}

function sighting(cameraId: string, trackId: string, second: number, subjectId?: string): Sighting {
  const at = new Date(Date.UTC(2026, 0, 1, 10, 0, second));
  return {
    id: `${cameraId}:${trackId}`,
    eventId: `ev-${trackId}`,
    cameraId,
    trackId,
    firstSeenAt: at,
    lastSeenAt: at,
    facesSeen: 1,
    bestQuality: 0.5,
    matchStatus: subjectId ? 'matched' : 'none',
    ...(subjectId ? { subjectId, watchlistId: 'w', score: 0.7 } : {}),
    recordedAt: at,
  };
}

const query = (overrides: Partial<QuerySightingsCommand> = {}): QuerySightingsCommand => ({
  cameraId: '',
  subjectId: '',
  watchlistId: '',
  pageSize: 0,
  pageToken: '',
  ...overrides,
});

describe('QuerySightingsUseCase', () => {
  const rows = [
    sighting('cam-a', 't1', 1),
    sighting('cam-a', 't2', 3, 's-1'),
    sighting('cam-a', 't3', 3),
    sighting('cam-b', 't4', 2),
    sighting('cam-a', 't5', 5),
  ];

  it('pages through every row once, newest first, ties by id, with no token on the last page', async () => {
    const { useCase, calls } = inMemory(rows);
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await useCase.execute(
        query({ cameraId: 'cam-a', pageSize: 2, pageToken: token }),
      );
      seen.push(...page.sightings.map((row) => row.trackId));
      token = page.nextPageToken;
      pages += 1;
    } while (token);
    expect(seen).toEqual(['t5', 't2', 't3', 't1']);
    expect(pages).toBe(2);
    expect(calls[0]?.limit).toBe(3);
    expect(calls[1]?.after).toEqual({
      firstSeenAt: new Date(Date.UTC(2026, 0, 1, 10, 0, 3)),
      id: 'cam-a:t2',
    });
  });

  it('defaults page_size 0 to 100 and filters by subject', async () => {
    const { useCase, calls } = inMemory(rows);
    const page = await useCase.execute(query({ subjectId: 's-1' }));
    expect(page.sightings.map((row) => row.trackId)).toEqual(['t2']);
    expect(page.nextPageToken).toBe('');
    expect(calls[0]?.limit).toBe(101);
  });

  it.each([
    [{ pageSize: 1001 }, /page_size must be between 0 .* and 1000, got 1001/],
    [{ pageSize: -1 }, /page_size/],
    [{ pageToken: 'not-a-token' }, /page_token is invalid/],
    [{ timeRange: { end: new Date() } }, /time_range.start is required/],
    [
      { timeRange: { start: new Date('2026-01-02'), end: new Date('2026-01-01') } },
      /time_range.end .* must be after time_range.start/,
    ],
  ])('refuses %p with INVALID_ARGUMENT', async (overrides, message) => {
    const { useCase, calls } = inMemory(rows);
    const failure = useCase.execute(query(overrides as Partial<QuerySightingsCommand>));
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await expect(failure).rejects.toThrow(message);
    expect(calls).toHaveLength(0);
  });

  it('refuses a token issued for another query', async () => {
    const { useCase } = inMemory(rows);
    const first = await useCase.execute(query({ cameraId: 'cam-a', pageSize: 1 }));
    expect(first.nextPageToken).not.toBe('');
    await expect(
      useCase.execute(query({ cameraId: 'cam-b', pageSize: 1, pageToken: first.nextPageToken })),
    ).rejects.toThrow(/issued for a query with different filters/);
  });
});

describe('sighting page token', () => {
  it('round-trips the cursor and is opaque base64url', () => {
    const filter = { cameraId: 'cam-a', from: new Date('2026-01-01T00:00:00Z') };
    const cursor = { firstSeenAt: new Date('2026-01-01T10:00:03.123Z'), id: 'cam-a:t2' };
    const token = encodeSightingPageToken(cursor, filter);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSightingPageToken(token, { ...filter })).toEqual(cursor);
  });
});

describe('querySightingsCommandFromWire', () => {
  it('reads proto-loader objects: timestamps, enums and absent filters', () => {
    expect(
      querySightingsCommandFromWire({
        cameraId: 'cam-a',
        subjectId: '',
        watchlistId: '',
        timeRange: { start: { seconds: 1_767_261_600, nanos: 500_000_000 }, end: null },
        matchStatus: 3,
        pageSize: 10,
        pageToken: '',
      }),
    ).toEqual({
      cameraId: 'cam-a',
      subjectId: '',
      watchlistId: '',
      matchStatus: 'matched',
      timeRange: { start: new Date('2026-01-01T10:00:00.500Z') },
      pageSize: 10,
      pageToken: '',
      inferAttributes: [],
    });
  });

  it('refuses an unknown match status and a malformed timestamp', () => {
    const request = {
      cameraId: '',
      subjectId: '',
      watchlistId: '',
      timeRange: null,
      matchStatus: 9,
      pageSize: 0,
      pageToken: '',
    };
    expect(() => querySightingsCommandFromWire(request)).toThrow(/match_status 9/);
    expect(() =>
      querySightingsCommandFromWire({
        ...request,
        matchStatus: 0,
        timeRange: { start: { seconds: 1, nanos: 2e9 } },
      }),
    ).toThrow(/time_range.start is not a valid timestamp/);
  });
});

describe('QuerySightingsUseCase refuses to infer attributes of people', () => {
  const query = { cameraId: '', subjectId: '', watchlistId: '', pageSize: 0, pageToken: '' };

  it.each([
    ['age', 'POLICY.NO_DEMOGRAPHIC_INFERENCE'],
    ['Gender', 'POLICY.NO_DEMOGRAPHIC_INFERENCE'],
    ['ethnicity', 'POLICY.NO_DEMOGRAPHIC_INFERENCE'],
    ['emotion', 'POLICY.NO_EMOTION_INFERENCE'],
  ])('refuses %s with the policy named, before reading anything', async (attribute, policy) => {
    const { useCase, calls } = inMemory([]);
    await expect(useCase.execute({ ...query, inferAttributes: [attribute] })).rejects.toMatchObject(
      {
        code: ErrorCode.PolicyRefused,
        message: expect.stringContaining(policy),
      },
    );
    expect(calls).toHaveLength(0);
  });

  it('rejects any other attribute as INVALID_ARGUMENT', async () => {
    const { useCase } = inMemory([]);
    await expect(useCase.execute({ ...query, inferAttributes: ['height'] })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
  });
});
