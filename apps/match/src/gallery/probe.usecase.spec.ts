import {
  newEnvelope,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  watchlistCreated,
  watchlistExpired,
  type EventEnvelope,
} from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import { ApplyGalleryEventUseCase } from './apply-gallery-event.usecase';
import { CloseTrackUseCase } from './close-track.usecase';
import type { ClosedTrack } from './closed-track.entity';
import type { ClosedTrackRepository } from './closed-track.repository';
import { GalleryState, TEMPLATE_DIMENSION } from './gallery-state';
import { MatchMetrics } from './match-metrics';
import { faceEmbedded, trackClosed } from './probe-events';
import { SearchFaceUseCase } from './search-face.usecase';
import type { TrackHit } from './track-hit.entity';
import type { KeepOutcome, TrackHitRepository } from './track-hit.repository';

/** A unit vector along `axis`, tilted towards `towards` so its cosine with the pure axis is `cos`. */
function vector(axis: number, cos = 1, towards = (axis + 1) % TEMPLATE_DIMENSION): number[] {
  const values = new Array<number>(TEMPLATE_DIMENSION).fill(0);
  values[axis] = cos;
  values[towards] = Math.sqrt(1 - cos * cos);
  return values;
}

function fakeTrackHits(): { repository: TrackHitRepository; rows: Map<string, TrackHit> } {
  const rows = new Map<string, TrackHit>();
  const repository = {
    findById: jest.fn(async (id: string) => rows.get(id) ?? null),
    deleteById: jest.fn(async (id: string) => rows.delete(id)),
    keepIfBetter: jest.fn(async (hit: TrackHit): Promise<KeepOutcome> => {
      const current = rows.get(hit.id);
      if (!current) {
        rows.set(hit.id, hit);
        return 'kept';
      }
      if (current.score >= hit.score) return 'not-better';
      rows.set(hit.id, hit);
      return 'improved';
    }),
  } as unknown as TrackHitRepository;
  return { repository, rows };
}

function fakeClosedTracks(): { repository: ClosedTrackRepository; rows: Map<string, ClosedTrack> } {
  const rows = new Map<string, ClosedTrack>();
  const repository = {
    findById: jest.fn(async (id: string) => rows.get(id) ?? null),
    insertIfAbsent: jest.fn(async (track: ClosedTrack) => {
      if (rows.has(track.id)) return false;
      rows.set(track.id, track);
      return true;
    }),
  } as unknown as ClosedTrackRepository;
  return { repository, rows };
}

function recordingPublisher(): { publisher: EventPublisher; sent: [string, EventEnvelope][] } {
  const sent: [string, EventEnvelope][] = [];
  const publisher = {
    publish: jest.fn(async (topic: { name: string }, envelopes: readonly EventEnvelope[]) => {
      for (const envelope of envelopes) sent.push([topic.name, envelope]);
    }),
  } as unknown as EventPublisher;
  return { publisher, sent };
}

const base = { source: 'test' };
const NOW = Date.parse('2026-03-01T10:00:00Z');

function setup() {
  const gallery = new GalleryState({ matching: { binaryMinTemplates: 20_000, rerankDepth: 256 } });
  const apply = new ApplyGalleryEventUseCase(gallery);
  const metrics = new MatchMetrics(new ServiceMetrics('match-test'));
  const hits = fakeTrackHits();
  const closed = fakeClosedTracks();
  const { publisher, sent } = recordingPublisher();
  const search = new SearchFaceUseCase(gallery, hits.repository, metrics);
  const close = new CloseTrackUseCase(
    gallery,
    hits.repository,
    closed.repository,
    publisher,
    metrics,
  );
  const watchlist = (watchlistId: string, zones: string[], threshold: number, expiresAt: number) =>
    apply.execute(
      newEnvelope(
        watchlistCreated,
        {
          watchlistId,
          name: watchlistId,
          purpose: 'p',
          legalBasis: 'l',
          authorisedBy: 'a',
          owner: 'o',
          expiresAt: new Date(expiresAt).toISOString(),
          zones,
          threshold,
          reviewMode: 'single',
        },
        base,
      ),
    );
  const enrol = (watchlistId: string, subjectId: string, templateId: string, axis: number) => {
    apply.execute(
      newEnvelope(
        subjectEnrolled,
        {
          watchlistId,
          subjectId,
          displayName: subjectId,
          legalBasis: 'warrant',
          sourceReference: 'case-1',
          enrolledBy: 'officer',
        },
        base,
      ),
    );
    apply.execute(
      newEnvelope(
        templateAdded,
        {
          watchlistId,
          subjectId,
          templateId,
          template: vector(axis),
          embedder: 'dlib-resnet-v1',
          photoReference: `photo-of-${subjectId}`,
        },
        base,
      ),
    );
  };
  return { gallery, apply, metrics, hits, closed, sent, search, close, watchlist, enrol };
}

function face(
  trackId: string,
  faceId: string,
  template: number[],
  zone = 'north',
  capturedAt = NOW,
) {
  return newEnvelope(
    faceEmbedded,
    {
      cameraId: 'cam-1',
      zone,
      trackId,
      faceId,
      capturedAt: new Date(capturedAt).toISOString(),
      quality: 0.8,
      template,
      embedder: 'dlib-resnet-v1',
      alignedChip: `chip-of-${faceId}`,
    },
    { ...base, cameraId: 'cam-1', correlationId: `corr-${trackId}` },
  );
}

function closing(
  trackId: string,
  identification: 'attempted' | 'sensitive-camera' | 'no-usable-face' = 'attempted',
) {
  return newEnvelope(
    trackClosed,
    {
      cameraId: 'cam-1',
      zone: 'north',
      trackId,
      firstSeenAt: new Date(NOW - 3_000).toISOString(),
      lastSeenAt: new Date(NOW).toISOString(),
      closedAt: new Date(NOW + 1_000).toISOString(),
      facesSeen: 7,
      facesSent: identification === 'attempted' ? 2 : 0,
      bestQuality: 0.8,
      identification,
    },
    { ...base, cameraId: 'cam-1', correlationId: `corr-${trackId}` },
  );
}

describe('SearchFaceUseCase', () => {
  it('keeps a hit at or above the threshold, and replaces it only with a better one', async () => {
    const { watchlist, enrol, search, hits, metrics } = setup();
    watchlist('wl-1', ['north'], 0.8, NOW + 86_400_000);
    enrol('wl-1', 's1', 't1', 0);

    await expect(search.execute(face('T1', 'F1.0', vector(0, 0.85)))).resolves.toBe('hit');
    expect(hits.rows.get('cam-1:T1')).toMatchObject({
      watchlistId: 'wl-1',
      subjectId: 's1',
      templateId: 't1',
      faceId: 'F1.0',
      alignedChip: 'chip-of-F1.0',
      photoReference: 'photo-of-s1',
    });
    expect(hits.rows.get('cam-1:T1')?.score).toBeCloseTo(0.85, 5);

    // A worse face of the same track leaves the best one; a better one replaces it.
    await search.execute(face('T1', 'F2.0', vector(0, 0.82)));
    expect(hits.rows.get('cam-1:T1')?.faceId).toBe('F1.0');
    await search.execute(face('T1', 'F3.0', vector(0, 0.95)));
    expect(hits.rows.get('cam-1:T1')?.faceId).toBe('F3.0');
    expect(hits.rows.get('cam-1:T1')?.alignedChip).toBe('chip-of-F3.0');
    expect((await metrics.searches.get()).values).toEqual([
      expect.objectContaining({ labels: { outcome: 'hit' }, value: 3 }),
    ]);
  });

  it('writes nothing for a miss: below threshold, other zone, or expired watchlist', async () => {
    const { watchlist, enrol, search, hits, metrics } = setup();
    watchlist('wl-1', ['north'], 0.8, NOW + 60_000);
    enrol('wl-1', 's1', 't1', 0);

    await expect(search.execute(face('T1', 'F1.0', vector(0, 0.7)))).resolves.toBe('miss');
    await expect(search.execute(face('T2', 'F2.0', vector(0, 0.99), 'south'))).resolves.toBe(
      'miss',
    );
    await expect(
      search.execute(face('T3', 'F3.0', vector(0, 0.99), 'north', NOW + 60_000)),
    ).resolves.toBe('miss');
    expect(hits.rows.size).toBe(0);
    expect(hits.repository.keepIfBetter).not.toHaveBeenCalled();
    expect((await metrics.searches.get()).values).toEqual([
      expect.objectContaining({ labels: { outcome: 'miss' }, value: 3 }),
    ]);
  });

  it('picks the best-scoring watchlist when several hit', async () => {
    const { watchlist, enrol, search, hits } = setup();
    watchlist('wl-a', ['north'], 0.5, NOW + 86_400_000);
    watchlist('wl-b', ['north'], 0.5, NOW + 86_400_000);
    enrol('wl-a', 'sa', 'ta', 0);
    enrol('wl-b', 'sb', 'tb', 2);
    const probe = vector(2, 0.9, 0); // cos 0.9 with tb, ~0.44 with ta
    await search.execute(face('T1', 'F1.0', probe));
    expect(hits.rows.get('cam-1:T1')).toMatchObject({ watchlistId: 'wl-b', subjectId: 'sb' });
  });
});

describe('CloseTrackUseCase', () => {
  it('publishes evidence, then one matched sighting, marks the track and drops the chip', async () => {
    const { watchlist, enrol, search, close, hits, closed, sent, metrics } = setup();
    watchlist('wl-1', ['north'], 0.8, NOW + 86_400_000);
    enrol('wl-1', 's1', 't1', 0);
    await search.execute(face('T1', 'F1.0', vector(0, 0.9)));

    await expect(close.execute(closing('T1'))).resolves.toBe('matched');
    expect(sent.map(([topic, e]) => [topic, e.type])).toEqual([
      ['evidence.v1', 'sightline.evidence.captured'],
      ['sightings.v1', 'sightline.sighting.recorded'],
    ]);
    const [evidence, sighting] = sent.map(([, e]) => e);
    expect(evidence).toMatchObject({
      cameraId: 'cam-1',
      correlationId: 'corr-T1',
      payload: {
        evidenceId: 'ev-F1.0',
        cameraId: 'cam-1',
        trackId: 'T1',
        faceId: 'F1.0',
        watchlistId: 'wl-1',
        subjectId: 's1',
        alignedChip: 'chip-of-F1.0',
        photoReference: 'photo-of-s1',
        capturedAt: new Date(NOW).toISOString(),
      },
    });
    expect(sighting.payload).toMatchObject({
      cameraId: 'cam-1',
      trackId: 'T1',
      facesSeen: 7,
      match: {
        status: 'matched',
        watchlistId: 'wl-1',
        subjectId: 's1',
        faceId: 'F1.0',
        templateId: 't1',
        evidenceId: 'ev-F1.0',
      },
    });
    expect(JSON.stringify(sighting)).not.toContain('chip-of');
    expect(hits.rows.size).toBe(0);
    expect(closed.rows.get('cam-1:T1')).toEqual({
      id: 'cam-1:T1',
      cameraId: 'cam-1',
      trackId: 'T1',
      closedAt: new Date(NOW + 1_000),
    });
    expect((await metrics.sightings.get()).values).toEqual([
      expect.objectContaining({ labels: { status: 'matched' }, value: 1 }),
    ]);
  });

  it('publishes nothing for a redelivered trackClosed', async () => {
    const { watchlist, enrol, search, close, sent } = setup();
    watchlist('wl-1', ['north'], 0.8, NOW + 86_400_000);
    enrol('wl-1', 's1', 't1', 0);
    await search.execute(face('T1', 'F1.0', vector(0, 0.9)));
    const event = closing('T1');
    await close.execute(event);
    await expect(close.execute(event)).resolves.toBe('already-closed');
    // Even if a face of the track is redelivered in between, the track stays closed.
    await search.execute(face('T1', 'F1.0', vector(0, 0.9)));
    await expect(close.execute(event)).resolves.toBe('already-closed');
    expect(sent).toHaveLength(2);
  });

  it('records a track without a hit as match none, with no evidence', async () => {
    const { close, sent, hits } = setup();
    await expect(close.execute(closing('T9'))).resolves.toBe('none');
    expect(sent).toHaveLength(1);
    expect(sent[0][0]).toBe('sightings.v1');
    expect(sent[0][1].payload).toMatchObject({ match: { status: 'none' } });
    expect(hits.rows.size).toBe(0);
    expect(hits.repository.deleteById).not.toHaveBeenCalled();
  });

  it.each(['sensitive-camera', 'no-usable-face'] as const)(
    'records a %s track as not attempted with that reason',
    async (reason) => {
      const { close, sent, hits } = setup();
      await expect(close.execute(closing('T5', reason))).resolves.toBe('not-attempted');
      expect(sent).toHaveLength(1);
      expect(sent[0][1].payload).toMatchObject({ match: { status: 'not-attempted', reason } });
      // No face of it was searched, so there is no hit to read or delete.
      expect(hits.repository.findById).not.toHaveBeenCalled();
      expect(hits.repository.deleteById).not.toHaveBeenCalled();
    },
  );

  it('drops a hit whose subject was removed before the track closed', async () => {
    const { watchlist, enrol, search, close, apply, sent, hits } = setup();
    watchlist('wl-1', ['north'], 0.8, NOW + 86_400_000);
    enrol('wl-1', 's1', 't1', 0);
    await search.execute(face('T1', 'F1.0', vector(0, 0.9)));
    apply.execute(
      newEnvelope(
        subjectRemoved,
        { watchlistId: 'wl-1', subjectId: 's1', removedBy: 'admin', reason: 'closed case' },
        base,
      ),
    );
    await expect(close.execute(closing('T1'))).resolves.toBe('none');
    expect(sent.map(([topic]) => topic)).toEqual(['sightings.v1']);
    expect(hits.rows.size).toBe(0);
  });

  it.each([
    [
      'the subject is removed',
      newEnvelope(
        subjectRemoved,
        { watchlistId: 'wl-1', subjectId: 's1', removedBy: 'admin', reason: 'closed case' },
        base,
      ),
    ],
    [
      'the watchlist expires',
      newEnvelope(
        watchlistExpired,
        { watchlistId: 'wl-1', expiredAt: new Date(NOW).toISOString() },
        base,
      ),
    ],
  ])(
    'names nobody in the sighting when %s while its evidence is being published',
    async (_, galleryEvent) => {
      const { watchlist, enrol, search, close, apply, sent } = setup();
      watchlist('wl-1', ['north'], 0.8, NOW + 86_400_000);
      enrol('wl-1', 's1', 't1', 0);
      await search.execute(face('T1', 'F1.0', vector(0, 0.9)));
      // The gallery consumer gets its turn during the evidence append, as it does in the service.
      const publisher = (close as unknown as { publisher: EventPublisher }).publisher;
      const publish = publisher.publish as jest.Mock;
      const recordOnly = publish.getMockImplementation() as (...args: unknown[]) => Promise<void>;
      publish.mockImplementationOnce(async (...args: unknown[]) => {
        await recordOnly(...args);
        apply.execute(galleryEvent);
      });

      await expect(close.execute(closing('T1'))).resolves.toBe('none');

      expect(sent.map(([topic]) => topic)).toEqual(['evidence.v1', 'sightings.v1']);
      expect(sent[1][1].payload).toMatchObject({ match: { status: 'none' } });
    },
  );
});
