import { sightingHops } from './sighting-hops';

describe('sightingHops', () => {
  it('splits each latency into its hops by broker time and leaves out tracks still on their way', () => {
    const hops = sightingHops(
      [
        { trackId: 'b', closedAt: 2_000, timestamp: 2_300 },
        { trackId: 'a', closedAt: 1_000, timestamp: 1_050 },
        { trackId: 'c', closedAt: 3_000, timestamp: 3_040 },
      ],
      [
        { trackId: 'a', timestamp: 1_060 },
        { trackId: 'b', timestamp: 2_310 },
        { trackId: 'c', timestamp: 3_050 },
      ],
      [
        { trackId: 'b', timestamp: 2_400 },
        { trackId: 'a', timestamp: 1_080 },
      ],
    );
    expect(hops).toEqual([
      { trackId: 'a', closedAt: 1_000, detectMs: 50, embedMs: 10, matchMs: 20, totalMs: 80 },
      { trackId: 'b', closedAt: 2_000, detectMs: 300, embedMs: 10, matchMs: 90, totalMs: 400 },
    ]);
  });

  it('counts only closures inside the window: captured in it and published by its end', () => {
    const closures = [
      { trackId: 'before', closedAt: 900, timestamp: 1_050 },
      { trackId: 'inside', closedAt: 1_000, timestamp: 1_900 },
      { trackId: 'idle', closedAt: 1_500, timestamp: 4_600 },
    ];
    const later = closures.map(({ trackId, timestamp }) => ({ trackId, timestamp: timestamp + 5 }));
    const hops = sightingHops(closures, later, later, { start: 1_000, end: 2_000 });
    expect(hops.map((hop) => hop.trackId)).toEqual(['inside']);
  });
});
