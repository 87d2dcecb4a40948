import { DomainError, ErrorCode } from '@sightline/contracts';
import {
  BEFORE_EXPIRY,
  DIMENSION,
  nearDuplicate,
  populatedWatchlist,
  seededRandom,
  subjectRemoved,
  templateAdded,
  unitVector,
} from './gallery-events.fixture';
import type { GalleryEvent } from './gallery-event';
import { GalleryProjection } from './gallery-projection';
import { mergeShardResults, shardOfTemplate } from './gallery-shard';
import type { WatchlistMatches } from './match-result';

const SHARDS = 3;

function build(events: readonly GalleryEvent[], index?: number): GalleryProjection {
  const projection = new GalleryProjection({
    dimension: DIMENSION,
    shard: index === undefined ? undefined : { index, count: SHARDS },
  });
  for (const event of events) projection.apply(event);
  return projection;
}

/** templateSeq is per projection; what must agree is who matched, with which score. */
const comparable = (results: readonly WatchlistMatches[]) =>
  results.map((r) => ({
    watchlistId: r.watchlistId,
    candidates: r.candidates.map((c) => [c.subjectId, c.templateId, c.score]),
  }));

describe('sharded galleries with scatter-gather', () => {
  const random = seededRandom(21);
  const lenient = populatedWatchlist('w1', 0.2, 300, random);
  const strict = populatedWatchlist('w2', 0.6, 120, random);
  const events = [...lenient.events, ...strict.events, subjectRemoved('w1', 's17')];
  const whole = build(events);
  const shards = [0, 1, 2].map((index) => build(events, index));

  it('splits the templates across shards, every one exactly once', () => {
    const counts = shards.map((shard) => shard.stats().liveTemplates);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(whole.stats().liveTemplates);
    for (const count of counts) expect(count).toBeGreaterThan(whole.stats().liveTemplates / 5);
  });

  it('answers, once merged, exactly what the unsharded gallery answers', () => {
    const probes = [
      nearDuplicate(lenient.templates[42], random),
      nearDuplicate(strict.templates[7], random, 0.02),
      lenient.templates[17], // removed subject
      unitVector(random),
    ];
    for (const probe of probes) {
      const options = { now: BEFORE_EXPIRY, k: 5 };
      const merged = mergeShardResults(
        shards.map((shard) => shard.search(probe, options)),
        5,
      );
      expect(comparable(merged)).toEqual(comparable(whole.search(probe, options)));
    }
  });

  it('refuses a malformed template or an unknown subject on every shard, holding it or not', () => {
    const malformed = templateAdded('w1', 's1', 'bad', unitVector(random, 64));
    const orphan = templateAdded('w1', 'ghost', 'orphan', unitVector(random));
    for (const shard of shards) {
      expect(() => shard.apply(malformed)).toThrow(
        expect.objectContaining({ code: ErrorCode.InvalidPayload }),
      );
      expect(() => shard.apply(orphan)).toThrow(DomainError);
    }
  });

  it('places a template id on the same shard in every process (FNV-1a, not a Map order)', () => {
    // Published FNV-1a 32-bit test vectors: "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    expect(shardOfTemplate('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(shardOfTemplate('foobar', 1000)).toBe(0xbf9cf968 % 1000);
  });

  it('rejects a shard outside its count', () => {
    expect(
      () => new GalleryProjection({ dimension: DIMENSION, shard: { index: 3, count: 3 } }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});
