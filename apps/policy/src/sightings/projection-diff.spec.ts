import { compareProjections } from './projection-diff';
import type { Sighting } from './sighting.entity';

const row = (id: string, overrides: Partial<Sighting> = {}): Sighting => ({
  id,
  eventId: `ev-${id}`,
  cameraId: id.split(':')[0] ?? id,
  trackId: id.split(':')[1] ?? id,
  firstSeenAt: new Date('2026-01-01T10:00:00Z'),
  lastSeenAt: new Date('2026-01-01T10:00:01Z'),
  facesSeen: 2,
  bestQuality: 0.4,
  matchStatus: 'none',
  recordedAt: new Date('2026-01-01T10:00:02Z'),
  ...overrides,
});

describe('compareProjections', () => {
  it('is equal when rows match key by key, whatever their order and recordedAt', () => {
    const diff = compareProjections(
      [row('c:1'), row('c:2', { recordedAt: new Date() })],
      [row('c:2'), row('c:1')],
    );
    expect(diff).toMatchObject({ equal: true, liveCount: 2, rebuiltCount: 2 });
  });

  it('names missing, extra and differing rows with the differing fields', () => {
    const diff = compareProjections(
      [row('c:1', { facesSeen: 9, lastSeenAt: new Date('2026-01-01T11:00:00Z') }), row('c:3')],
      [row('c:1'), row('c:2')],
    );
    expect(diff).toEqual({
      equal: false,
      liveCount: 2,
      rebuiltCount: 2,
      missingFromLive: ['c:2'],
      extraInLive: ['c:3'],
      different: [{ id: 'c:1', fields: ['facesSeen', 'lastSeenAt'] }],
    });
  });

  it('treats a field present on one side only as a difference', () => {
    const diff = compareProjections([row('c:1', { subjectId: 's' })], [row('c:1')]);
    expect(diff.different).toEqual([{ id: 'c:1', fields: ['subjectId'] }]);
  });
});
