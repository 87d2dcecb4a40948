import { DomainError, ErrorCode } from '@sightline/contracts';
import { galleryDigest } from './gallery-digest';
import {
  BEFORE_EXPIRY,
  DIMENSION,
  nearDuplicate,
  populatedWatchlist,
  seededRandom,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  templateRemoved,
  unitVector,
  watchlistCreated,
  watchlistExpired,
} from './gallery-events.fixture';
import type { GalleryEvent } from './gallery-event';
import { GalleryProjection } from './gallery-projection';

const now = BEFORE_EXPIRY;

function projectionOf(events: readonly GalleryEvent[]): GalleryProjection {
  const projection = new GalleryProjection({ dimension: DIMENSION });
  for (const event of events) projection.apply(event);
  return projection;
}

function thrown(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('GalleryProjection', () => {
  it('finds the planted subject first with its exact cosine score', () => {
    const random = seededRandom(1);
    const { events, templates } = populatedWatchlist('w1', 0.5, 200, random);
    const projection = projectionOf(events);
    const probe = nearDuplicate(templates[42], random);

    const [result] = projection.search(probe, { now, k: 3 });

    expect(result.watchlistId).toBe('w1');
    expect(result.engine).toBe('exact');
    expect(result.candidates).toHaveLength(1);
    const expected = probe.reduce((sum, value, i) => sum + value * templates[42][i], 0);
    expect(result.candidates[0]).toMatchObject({ subjectId: 's42', templateId: 't42' });
    expect(result.candidates[0].score).toBeCloseTo(expected, 5);
  });

  it('returns at most k candidates, best first, all at or above the threshold', () => {
    const random = seededRandom(2);
    const { events } = populatedWatchlist('w1', 0, 300, random);
    const projection = projectionOf(events);

    const [result] = projection.search(unitVector(random), { now, k: 5 });

    expect(result.candidates).toHaveLength(5);
    const scores = result.candidates.map((candidate) => candidate.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
  });

  it('applies each watchlist its own threshold', () => {
    const random = seededRandom(3);
    const face = unitVector(random);
    const projection = projectionOf([
      watchlistCreated('lenient', 0.6),
      watchlistCreated('strict', 0.95),
      subjectEnrolled('lenient', 'alice'),
      subjectEnrolled('strict', 'alice'),
      templateAdded('lenient', 'alice', 't1', face),
      templateAdded('strict', 'alice', 't2', face),
    ]);
    const probe = nearDuplicate(face, random, 0.06); // cosine ~0.8

    const results = projection.search(probe, { now, k: 5 });

    expect(results.map((result) => result.watchlistId)).toEqual(['lenient']);
    expect(results[0].threshold).toBe(0.6);
    const exact = projection.search(face, { now, k: 5 });
    expect(exact.map((result) => result.watchlistId)).toEqual(['lenient', 'strict']);
  });

  it('never matches a removed subject or template again', () => {
    const random = seededRandom(4);
    const { events, templates } = populatedWatchlist('w1', 0.5, 50, random);
    const projection = projectionOf(events);
    const extra = nearDuplicate(templates[7], random, 0.01);
    projection.apply(templateAdded('w1', 's7', 't7-b', extra));

    projection.apply(templateRemoved('w1', 's7', 't7'));
    const afterTemplate = projection.search(templates[7], { now, k: 5 });
    expect(afterTemplate[0].candidates.map((c) => c.templateId)).toEqual(['t7-b']);

    projection.apply(subjectRemoved('w1', 's7'));
    expect(projection.search(templates[7], { now, k: 5 })).toEqual([]);
    expect(projection.search(extra, { now, k: 5 })).toEqual([]);
  });

  it('drops an in-flight candidate whose subject was removed before results are published', () => {
    const random = seededRandom(5);
    const { events, templates } = populatedWatchlist('w1', 0.5, 20, random);
    const projection = projectionOf(events);
    const inFlight = projection.search(templates[3], { now, k: 5 });
    expect(projection.revalidate(inFlight, now)).toEqual(inFlight);

    projection.apply(subjectRemoved('w1', 's3'));

    expect(projection.revalidate(inFlight, now)).toEqual([]);
  });

  it('drops an in-flight candidate whose template was removed and re-added under the same id', () => {
    const random = seededRandom(6);
    const { events, templates } = populatedWatchlist('w1', 0.5, 5, random);
    const projection = projectionOf(events);
    const inFlight = projection.search(templates[1], { now, k: 1 });

    projection.apply(templateRemoved('w1', 's1', 't1'));
    projection.apply(templateAdded('w1', 's1', 't1', templates[1]));

    expect(projection.revalidate(inFlight, now)).toEqual([]);
    expect(projection.search(templates[1], { now, k: 1 })[0].candidates[0].templateId).toBe('t1');
  });

  it('yields nothing from a watchlist once its expiresAt has passed, by the injected clock', () => {
    const random = seededRandom(7);
    const face = unitVector(random);
    const projection = projectionOf([
      watchlistCreated('w1', 0.5, { expiresAt: '2026-06-01T00:00:00.000Z' }),
      subjectEnrolled('w1', 's'),
      templateAdded('w1', 's', 't', face),
    ]);
    const before = new Date('2026-05-31T23:59:59.999Z');
    const at = new Date('2026-06-01T00:00:00.000Z');

    const inFlight = projection.search(face, { now: before, k: 1 });
    expect(inFlight).toHaveLength(1);
    expect(projection.search(face, { now: at, k: 1 })).toEqual([]);
    expect(projection.revalidate(inFlight, at)).toEqual([]);
  });

  it('forgets an expired watchlist and ignores late events for it', () => {
    const random = seededRandom(8);
    const { events, templates } = populatedWatchlist('w1', 0.5, 5, random);
    const projection = projectionOf(events);

    projection.apply(watchlistExpired('w1'));
    projection.apply(subjectEnrolled('w1', 'late'));
    projection.apply(templateAdded('w1', 'late', 't-late', templates[0]));
    projection.apply(watchlistCreated('w1', 0.1));

    expect(projection.search(templates[0], { now, k: 1 })).toEqual([]);
    expect(projection.stats()).toEqual({ watchlists: 0, liveTemplates: 0, bytes: 0 });
  });

  it('searches only watchlists authorised for the probe zone', () => {
    const random = seededRandom(9);
    const face = unitVector(random);
    const projection = projectionOf([
      watchlistCreated('north', 0.5, { zones: ['north'] }),
      subjectEnrolled('north', 's'),
      templateAdded('north', 's', 't', face),
    ]);

    expect(projection.search(face, { now, k: 1, zone: 'south' })).toEqual([]);
    expect(projection.search(face, { now, k: 1, zone: 'north' })).toHaveLength(1);
  });

  it('rebuilds an identical index from the same events, and a different one from different events', () => {
    const random = seededRandom(10);
    const { events, templates } = populatedWatchlist('w1', 0.5, 100, random);
    const history = [
      ...events,
      templateRemoved('w1', 's5', 't5'),
      subjectRemoved('w1', 's9'),
      templateAdded('w1', 's1', 't1-b', templates[2]),
    ];

    const first = galleryDigest(projectionOf(history));
    const second = galleryDigest(projectionOf(history));
    const shorter = galleryDigest(projectionOf(history.slice(0, -1)));

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    expect(shorter).not.toBe(first);
  });

  it('treats a redelivered event as a no-op', () => {
    const random = seededRandom(11);
    const { events } = populatedWatchlist('w1', 0.5, 10, random);
    const once = galleryDigest(projectionOf(events));
    expect(galleryDigest(projectionOf([...events, ...events]))).toBe(once);
  });

  it.each([
    ['wrong length', () => unitVector(seededRandom(12), 64), /expected 128 values, got 64/],
    [
      'a NaN value',
      () => unitVector(seededRandom(13)).map((v, i) => (i === 9 ? Number.NaN : v)),
      /index 9 is not a finite number/,
    ],
    [
      'not L2-normalised',
      () => unitVector(seededRandom(14)).map((v) => v * 1.1),
      /not L2-normalised \(norm 1\.1000\)/,
    ],
  ])(
    'rejects a template with %s as InvalidPayload and leaves the gallery unchanged',
    (_, make, reason) => {
      const projection = projectionOf([watchlistCreated('w1', 0.5), subjectEnrolled('w1', 's')]);
      const before = galleryDigest(projection);

      const error = thrown(() => projection.apply(templateAdded('w1', 's', 'bad', make())));

      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.InvalidPayload);
      expect((error as DomainError).message).toMatch(reason);
      expect((error as DomainError).details).toMatchObject({
        watchlistId: 'w1',
        templateId: 'bad',
      });
      expect(galleryDigest(projection)).toBe(before);
    },
  );

  it('rejects a malformed probe rather than scoring it', () => {
    const projection = projectionOf([watchlistCreated('w1', 0.5)]);
    const error = thrown(() =>
      projection.search(new Array<number>(DIMENSION).fill(0), { now, k: 1 }),
    );
    expect((error as DomainError).code).toBe(ErrorCode.InvalidPayload);
  });

  it('refuses events for a watchlist or subject it has never seen, as a Conflict', () => {
    const random = seededRandom(15);
    const projection = projectionOf([watchlistCreated('w1', 0.5)]);

    const unknownList = thrown(() => projection.apply(subjectEnrolled('nope', 's')));
    const unknownSubject = thrown(() =>
      projection.apply(templateAdded('w1', 'ghost', 't', unitVector(random))),
    );

    expect((unknownList as DomainError).code).toBe(ErrorCode.Conflict);
    expect((unknownSubject as DomainError).code).toBe(ErrorCode.Conflict);
  });
});
