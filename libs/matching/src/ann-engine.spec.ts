import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ENGINE_POLICY, type EnginePolicy } from './engine-policy';
import { galleryDigest } from './gallery-digest';
import {
  BEFORE_EXPIRY,
  DIMENSION,
  nearDuplicate,
  populatedWatchlist,
  seededRandom,
  subjectRemoved,
} from './gallery-events.fixture';
import { GalleryProjection } from './gallery-projection';
import { readGallerySnapshot, writeGallerySnapshot } from './gallery-snapshot';

const now = BEFORE_EXPIRY;
const SUBJECTS = 3000;
const PROBES = 200;
const annPolicy: EnginePolicy = {
  ...DEFAULT_ENGINE_POLICY,
  annMinTemplates: 1000,
  ann: { ...DEFAULT_ENGINE_POLICY.ann, buildThreads: 1 },
};
const exactPolicy: EnginePolicy = { ...DEFAULT_ENGINE_POLICY, annMinTemplates: Infinity };

const random = seededRandom(100);
const { events, templates } = populatedWatchlist('w1', 0.3, SUBJECTS, random);
const planted = Array.from({ length: PROBES }, (_, i) => {
  const source = (i * 7919) % SUBJECTS;
  return { subjectId: `s${source}`, probe: nearDuplicate(templates[source], random, 0.06) };
});

function build(policy: EnginePolicy): GalleryProjection {
  const projection = new GalleryProjection({ dimension: DIMENSION, policy });
  for (const event of events) projection.apply(event);
  projection.optimise();
  return projection;
}

function topSubjects(projection: GalleryProjection, probe: number[], k = 1): string[] {
  return projection.search(probe, { now, k })[0]?.candidates.map((c) => c.subjectId) ?? [];
}

describe('AnnEngine agrees with ExactEngine', () => {
  const exact = build(exactPolicy);
  const ann = build(annPolicy);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'matching-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the engine the policy picks for the gallery size', () => {
    expect(exact.search(planted[0].probe, { now, k: 1 })[0].engine).toBe('exact');
    expect(ann.search(planted[0].probe, { now, k: 1 })[0].engine).toBe('ann');
  });

  it('finds every planted match that exact search finds, with the same exact score', () => {
    for (const { subjectId, probe } of planted) {
      const fromExact = exact.search(probe, { now, k: 3 })[0].candidates;
      const fromAnn = ann.search(probe, { now, k: 3 })[0].candidates;
      expect(fromExact[0].subjectId).toBe(subjectId);
      expect(fromAnn[0]).toEqual(fromExact[0]);
    }
  });

  it('agrees on the digest: the graph is derived state, not gallery state', () => {
    expect(galleryDigest(ann)).toBe(galleryDigest(exact));
  });

  it('never returns a removed subject the graph still holds, and compacts on optimise', () => {
    const projection = build(annPolicy);
    const removed = planted.slice(0, 50);
    for (const { subjectId } of removed) projection.apply(subjectRemoved('w1', subjectId));
    for (const { subjectId, probe } of removed) {
      expect(topSubjects(projection, probe, 5)).not.toContain(subjectId);
    }
    const bytesBefore = projection.stats().bytes;

    projection.optimise(); // 50 of 3000 dead is under maxDeadFraction: no compaction yet
    expect(projection.stats().bytes).toBe(bytesBefore);
    for (let i = 0; i < 700; i += 1) projection.apply(subjectRemoved('w1', `s${i}`));
    projection.optimise();

    expect(projection.stats().liveTemplates).toBe(
      SUBJECTS - 700 - removed.filter((p) => Number(p.subjectId.slice(1)) >= 700).length,
    );
    for (const { subjectId, probe } of planted.slice(50)) {
      const found = topSubjects(projection, probe, 5);
      if (Number(subjectId.slice(1)) < 700) expect(found).not.toContain(subjectId);
      else expect(found[0]).toBe(subjectId);
    }
  });

  it('round-trips through a binary snapshot, loading the saved graph instead of rebuilding it', () => {
    writeGallerySnapshot(ann, dir, { 'gallery-0': '1234' });
    expect(readdirSync(dir).sort()).toEqual([
      'manifest.json',
      'watchlist-0.f32',
      'watchlist-0.usearch',
    ]);

    const loaded = readGallerySnapshot(dir, { dimension: DIMENSION, policy: annPolicy });

    expect(loaded.position).toEqual({ 'gallery-0': '1234' });
    expect(galleryDigest(loaded.projection)).toBe(galleryDigest(ann));
    for (const { probe } of planted.slice(0, 50)) {
      expect(loaded.projection.search(probe, { now, k: 3 })).toEqual(
        ann.search(probe, { now, k: 3 }),
      );
    }
  });

  it('persists no removed template in a snapshot', () => {
    const projection = build(annPolicy);
    projection.apply(subjectRemoved('w1', planted[0].subjectId));
    writeGallerySnapshot(projection, dir);

    const loaded = readGallerySnapshot(dir, { dimension: DIMENSION, policy: annPolicy }).projection;

    expect(loaded.stats().liveTemplates).toBe(SUBJECTS - 1);
    expect(topSubjects(loaded, planted[0].probe, 5)).not.toContain(planted[0].subjectId);
    expect(galleryDigest(loaded)).toBe(galleryDigest(projection));
  });
});
