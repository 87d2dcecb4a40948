import { mkdtempSync, rmSync } from 'node:fs';
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
const binaryPolicy: EnginePolicy = { ...DEFAULT_ENGINE_POLICY, binaryMinTemplates: 1000 };
const exactPolicy: EnginePolicy = { ...DEFAULT_ENGINE_POLICY, binaryMinTemplates: Infinity };

const random = seededRandom(200);
const { events, templates } = populatedWatchlist('w1', 0.3, SUBJECTS, random);
const planted = Array.from({ length: PROBES }, (_, i) => {
  const source = (i * 7919) % SUBJECTS;
  return { subjectId: `s${source}`, probe: nearDuplicate(templates[source], random, 0.06) };
});

/** Events only, no optimise(): the engine must follow the gallery's size on the event path. */
function replay(policy: EnginePolicy, count = events.length): GalleryProjection {
  const projection = new GalleryProjection({ dimension: DIMENSION, policy });
  for (const event of events.slice(0, count)) projection.apply(event);
  return projection;
}

function topSubjects(projection: GalleryProjection, probe: number[], k = 1): string[] {
  return projection.search(probe, { now, k })[0]?.candidates.map((c) => c.subjectId) ?? [];
}

describe('BinaryScanEngine', () => {
  const exact = replay(exactPolicy);
  const binary = replay(binaryPolicy);

  it('takes over from the f32 scan once the gallery reaches the policy size, with no optimise()', () => {
    // Each subject is two events after the watchlistCreated one.
    const below = replay(binaryPolicy, 1 + 2 * 999);
    const at = replay(binaryPolicy, 1 + 2 * 1000);
    expect(below.search(planted[0].probe, { now, k: 1 })[0]?.engine ?? 'exact').toBe('exact');
    expect(at.search(nearDuplicate(templates[5], random, 0.05), { now, k: 1 })[0].engine).toBe(
      'binary',
    );
  });

  it('finds every planted match that exact search finds, with the same exact score', () => {
    for (const { subjectId, probe } of planted) {
      const fromExact = exact.search(probe, { now, k: 3 })[0].candidates;
      const fromBinary = binary.search(probe, { now, k: 3 })[0].candidates;
      expect(fromExact[0].subjectId).toBe(subjectId);
      expect(fromBinary[0]).toEqual(fromExact[0]);
      expect(binary.search(probe, { now, k: 3 })[0].engine).toBe('binary');
    }
  });

  it('agrees on the digest: codes are derived state, not gallery state', () => {
    expect(galleryDigest(binary)).toBe(galleryDigest(exact));
  });

  it('never returns a removed subject, and compacts by itself once a fifth of the rows are dead', () => {
    const projection = replay(binaryPolicy);
    const removed = planted.slice(0, 50);
    for (const { subjectId } of removed) projection.apply(subjectRemoved('w1', subjectId));
    for (const { subjectId, probe } of removed) {
      expect(topSubjects(projection, probe, 5)).not.toContain(subjectId);
    }
    const [gallery] = projection.sortedGalleries();
    expect(gallery.store.deadCount).toBe(50);

    for (let i = 0; i < 700; i += 1) projection.apply(subjectRemoved('w1', `s${i}`));

    // Compacted on the way (more than 20% dead at some point), so dead rows stay under the bound.
    expect(gallery.store.deadCount).toBeLessThanOrEqual(0.2 * gallery.store.size);
    expect(gallery.store.size).toBeLessThan(SUBJECTS - 600);
    for (const { subjectId, probe } of planted.slice(50)) {
      const found = topSubjects(projection, probe, 5);
      if (Number(subjectId.slice(1)) < 700) expect(found).not.toContain(subjectId);
      else expect(found[0]).toBe(subjectId);
    }
    expect(projection.search(planted[199].probe, { now, k: 1 })[0].engine).toBe('binary');
  });

  it('comes back from a snapshot as the same engine with the same answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matching-binary-'));
    try {
      writeGallerySnapshot(binary, dir);
      const loaded = readGallerySnapshot(dir, { dimension: DIMENSION, policy: binaryPolicy });
      expect(galleryDigest(loaded.projection)).toBe(galleryDigest(binary));
      for (const { probe } of planted.slice(0, 50)) {
        expect(loaded.projection.search(probe, { now, k: 3 })).toEqual(
          binary.search(probe, { now, k: 3 }),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
