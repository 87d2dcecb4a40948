import type { GalleryEvent } from './gallery-event';

export const DIMENSION = 128;

/** xoshiro128**: seeded, fast, and with a period far beyond what a test draws. */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed | 1;
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export function unitVector(random: () => number, dimension = DIMENSION): number[] {
  const values = Array.from({ length: dimension }, () => gaussian(random));
  return normalise(values);
}

/** The same face seen again: the source plus noise, renormalised. */
export function nearDuplicate(
  source: readonly number[],
  random: () => number,
  noise = 0.05,
): number[] {
  return normalise(source.map((value) => value + noise * gaussian(random)));
}

export function normalise(values: readonly number[]): number[] {
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

let sequence = 0;

function envelope<E extends GalleryEvent>(type: E['type'], payload: E['payload']): E {
  sequence += 1;
  return {
    id: `01J${String(sequence).padStart(23, '0')}`,
    type,
    version: 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
    source: 'gallery',
    correlationId: `c-${sequence}`,
    payload,
  } as E;
}

export const EXPIRES_AT = '2030-01-01T00:00:00.000Z';
export const BEFORE_EXPIRY = new Date('2029-12-31T23:59:59.000Z');

export function watchlistCreated(
  watchlistId: string,
  threshold: number,
  overrides: { expiresAt?: string; zones?: string[] } = {},
): GalleryEvent {
  return envelope('sightline.gallery.watchlist-created', {
    watchlistId,
    name: `List ${watchlistId}`,
    purpose: 'test',
    legalBasis: 'test',
    authorisedBy: 'officer',
    owner: 'unit',
    expiresAt: overrides.expiresAt ?? EXPIRES_AT,
    zones: overrides.zones ?? ['zone-a'],
    threshold,
    reviewMode: 'single',
  });
}

export function subjectEnrolled(watchlistId: string, subjectId: string): GalleryEvent {
  return envelope('sightline.gallery.subject-enrolled', {
    watchlistId,
    subjectId,
    displayName: subjectId,
    legalBasis: 'test',
    sourceReference: 'ref',
    enrolledBy: 'officer',
  });
}

export function templateAdded(
  watchlistId: string,
  subjectId: string,
  templateId: string,
  template: number[],
): GalleryEvent {
  return envelope('sightline.gallery.template-added', {
    watchlistId,
    subjectId,
    templateId,
    template,
    embedder: 'test-128',
    photoReference: 'photo',
  });
}

export function templateRemoved(
  watchlistId: string,
  subjectId: string,
  templateId: string,
): GalleryEvent {
  return envelope('sightline.gallery.template-removed', {
    watchlistId,
    subjectId,
    templateId,
    removedBy: 'officer',
  });
}

export function subjectRemoved(watchlistId: string, subjectId: string): GalleryEvent {
  return envelope('sightline.gallery.subject-removed', {
    watchlistId,
    subjectId,
    removedBy: 'officer',
    reason: 'request',
  });
}

export function watchlistExpired(watchlistId: string): GalleryEvent {
  return envelope('sightline.gallery.watchlist-expired', {
    watchlistId,
    expiredAt: '2030-01-01T00:00:00.000Z',
  });
}

/** One watchlist with `subjects` subjects of one template each; returns the events and vectors. */
export function populatedWatchlist(
  watchlistId: string,
  threshold: number,
  subjects: number,
  random: () => number,
): { events: GalleryEvent[]; templates: number[][] } {
  const events: GalleryEvent[] = [watchlistCreated(watchlistId, threshold)];
  const templates: number[][] = [];
  for (let i = 0; i < subjects; i += 1) {
    const template = unitVector(random);
    templates.push(template);
    events.push(subjectEnrolled(watchlistId, `s${i}`));
    events.push(templateAdded(watchlistId, `s${i}`, `t${i}`, template));
  }
  return { events, templates };
}
