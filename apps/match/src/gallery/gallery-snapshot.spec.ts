import {
  newEnvelope,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  watchlistCreated,
  type EventEnvelope,
} from '@sightline/contracts';
import { galleryDigest } from '@sightline/matching';
import type { PartitionEnds } from '@sightline/messaging';
import { mkdtempSync, readlinkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplyGalleryEventUseCase } from './apply-gallery-event.usecase';
import { GallerySnapshotJob } from './gallery-snapshot.job';
import { GallerySnapshotStore } from './gallery-snapshot.store';
import { GalleryState, TEMPLATE_DIMENSION } from './gallery-state';
import { RestoreGalleryUseCase } from './restore-gallery.usecase';

const TOPIC = 'sightline.galleries.v1';
const silent = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

function unit(seed: number): number[] {
  const values = Array.from({ length: TEMPLATE_DIMENSION }, (_, i) => Math.sin(seed * 3.1 + i));
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

function events(): EventEnvelope[] {
  const base = { source: 'spec' };
  const watchlistId = 'w1';
  const log: EventEnvelope[] = [
    newEnvelope(
      watchlistCreated,
      {
        watchlistId,
        name: 'W1',
        purpose: 'test',
        legalBasis: 'order 1',
        authorisedBy: 'judge',
        owner: 'unit',
        expiresAt: '2099-01-01T00:00:00.000Z',
        zones: ['north'],
        threshold: 0.6,
        reviewMode: 'single',
      },
      base,
    ),
  ];
  for (const subject of ['s1', 's2', 's3']) {
    log.push(
      newEnvelope(
        subjectEnrolled,
        {
          watchlistId,
          subjectId: subject,
          displayName: subject,
          legalBasis: 'order 1',
          sourceReference: 'ref',
          enrolledBy: 'enroller',
        },
        base,
      ),
      newEnvelope(
        templateAdded,
        {
          watchlistId,
          subjectId: subject,
          templateId: `t-${subject}`,
          template: unit(Number(subject.slice(1))),
          embedder: 'dlib',
          photoReference: `photo-${subject}`,
        },
        base,
      ),
    );
  }
  log.push(
    newEnvelope(
      subjectRemoved,
      { watchlistId, subjectId: 's2', removedBy: 'admin', reason: 'case closed' },
      base,
    ),
  );
  return log;
}

/** A replica: its gallery, fed event by event as the handler feeds it, offsets from 0. */
function replica(dir: string) {
  const config = {
    matching: {
      binaryMinTemplates: 20_000,
      rerankDepth: 256,
      snapshotDir: dir,
      snapshotIntervalMs: 60_000,
    },
  };
  const gallery = new GalleryState(config);
  const apply = new ApplyGalleryEventUseCase(gallery);
  const store = new GallerySnapshotStore(config);
  return {
    gallery,
    feed(log: readonly EventEnvelope[], from = 0) {
      log.slice(from).forEach((envelope, i) => {
        apply.execute(envelope);
        apply.passed({ topic: TOPIC, partition: 0, offset: String(from + i) });
      });
    },
    job: new GallerySnapshotJob(gallery, store, config, silent),
    restore: new RestoreGalleryUseCase(gallery, store, silent),
  };
}

const ends = (high: number): PartitionEnds[] => [
  { topic: TOPIC, partition: 0, high: String(high), low: '0' },
];

describe('gallery snapshots', () => {
  const log = events();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gallery-snapshot-'));
    jest.clearAllMocks();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restores the state and resumes after the last applied event: same gallery as a full replay', async () => {
    const first = replica(dir);
    first.feed(log.slice(0, 5)); // watchlist, s1, s2 enrolled with templates
    expect(first.job.saveIfChanged()).toBeDefined();

    const second = replica(dir);
    const from = await second.restore.execute(ends(log.length));
    expect(from).toEqual([{ topic: TOPIC, partition: 0, offset: '5' }]);
    second.feed(log, 5); // what the replay then delivers: s3, and the removal of s2

    const full = replica(join(dir, 'unused'));
    full.feed(log);
    expect(galleryDigest(second.gallery.projection)).toBe(galleryDigest(full.gallery.projection));
    expect(second.gallery.photoReferenceOf('w1', 't-s1')).toBe('photo-s1');
    expect(second.gallery.photoReferenceOf('w1', 't-s2')).toBeUndefined();
    expect(second.gallery.projection.stats().liveTemplates).toBe(2);
  });

  it('writes only when the gallery changed, and keeps one snapshot directory behind `current`', () => {
    const first = replica(dir);
    expect(first.job.saveIfChanged()).toBeUndefined(); // nothing applied yet
    first.feed(log.slice(0, 3));
    const written = first.job.saveIfChanged();
    expect(first.job.saveIfChanged()).toBeUndefined();
    first.feed(log.slice(0, 5), 3);
    const next = first.job.saveIfChanged();

    expect(next).toBeDefined();
    expect(next).not.toBe(written);
    expect(readdirSync(join(dir, 'snapshots'))).toHaveLength(1);
    expect(join(dir, readlinkSync(join(dir, 'current')))).toBe(next);
  });

  it('replays the whole log when the snapshot is ahead of the log (topic recreated)', async () => {
    const first = replica(dir);
    first.feed(log);
    first.job.saveIfChanged();

    const second = replica(dir);
    const from = await second.restore.execute(ends(3));

    expect(from).toEqual([]);
    expect(second.gallery.projection.stats().liveTemplates).toBe(0);
    expect(silent.warn).toHaveBeenCalledWith(
      expect.objectContaining({ problems: [expect.stringContaining('past the end of the log')] }),
      expect.any(String),
    );
  });

  it('replays the whole log when the snapshot is unreadable, instead of failing to start', async () => {
    const first = replica(dir);
    first.feed(log);
    const written = first.job.saveIfChanged() as string;
    writeFileSync(join(written, 'manifest.json'), '{"format": 1, "dimension": 128, "watchl');

    const second = replica(dir);

    await expect(second.restore.execute(ends(log.length))).resolves.toEqual([]);
    expect(second.gallery.projection.stats().liveTemplates).toBe(0);
    expect(silent.warn).toHaveBeenCalled();
  });

  it('starts from nothing when there is no snapshot yet', async () => {
    await expect(replica(dir).restore.execute(ends(log.length))).resolves.toEqual([]);
  });
});
