import { ZONE_KINDS, type Camera, type ZoneKind } from './camera';
import { cameraSuppression, mayIdentifyAt } from './identification-eligibility';
import {
  decideMatch,
  type MatchDecision,
  type MatchQuestion,
  type SuppressionReason,
} from './match-decision';

const now = new Date('2026-03-01T12:00:00.000Z');

const camera: Camera = {
  cameraId: 'cam-1',
  zoneId: 'station-north',
  zoneKind: 'transport',
  sensitive: false,
};

const watchlist: MatchQuestion['watchlist'] = {
  expiresAt: new Date('2026-03-08T12:00:00.000Z'),
  zones: ['station-north', 'station-south'],
  cameraIds: [],
  threshold: 0.6,
};

const allow: MatchDecision = { kind: 'allow' };
const suppress = (reason: SuppressionReason): MatchDecision => ({ kind: 'suppress', reason });

describe('decideMatch', () => {
  it.each<[string, Partial<MatchQuestion>, MatchDecision]>([
    ['a match in zone, above threshold, before expiry', {}, allow],
    ['a score exactly at the threshold', { score: 0.6 }, allow],
    ['a score just below the threshold', { score: 0.5999 }, suppress('below-threshold')],
    ['a NaN score', { score: Number.NaN }, suppress('below-threshold')],
    ['a match exactly at expiry', { now: watchlist.expiresAt }, suppress('expired')],
    ['a match one ms before expiry', { now: new Date(watchlist.expiresAt.getTime() - 1) }, allow],
    [
      'a camera in another zone',
      { camera: { ...camera, zoneId: 'mall' } },
      suppress('out-of-zone'),
    ],
    [
      'a camera outside the narrowed camera list',
      { watchlist: { ...watchlist, cameraIds: ['cam-2'] } },
      suppress('out-of-zone'),
    ],
    [
      'a camera inside the narrowed camera list',
      { watchlist: { ...watchlist, cameraIds: ['cam-1'] } },
      allow,
    ],
    [
      'a listed camera whose zone is not listed',
      { watchlist: { ...watchlist, zones: ['mall'], cameraIds: ['cam-1'] } },
      suppress('out-of-zone'),
    ],
    [
      'a sensitive camera',
      { camera: { ...camera, sensitive: true } },
      suppress('sensitive-camera'),
    ],
    [
      'a camera at a place of worship',
      { camera: { ...camera, zoneKind: 'worship' } },
      suppress('restricted-place'),
    ],
    [
      'a camera at a clinic',
      { camera: { ...camera, zoneKind: 'clinic' } },
      suppress('restricted-place'),
    ],
    [
      'a camera at a protest',
      { camera: { ...camera, zoneKind: 'protest' } },
      suppress('restricted-place'),
    ],
    [
      'a restricted place trumps expiry and a low score',
      { camera: { ...camera, zoneKind: 'clinic' }, now: watchlist.expiresAt, score: 0 },
      suppress('restricted-place'),
    ],
    [
      'a sensitive camera trumps expiry',
      { camera: { ...camera, sensitive: true }, now: watchlist.expiresAt },
      suppress('sensitive-camera'),
    ],
    [
      'expiry trumps out-of-zone',
      { camera: { ...camera, zoneId: 'mall' }, now: watchlist.expiresAt },
      suppress('expired'),
    ],
    [
      'out-of-zone trumps a low score',
      { camera: { ...camera, zoneId: 'mall' }, score: 0.1 },
      suppress('out-of-zone'),
    ],
  ])('%s', (_case, change, expected) => {
    expect(decideMatch({ watchlist, camera, score: 0.9, now, ...change })).toEqual(expected);
  });
});

describe('mayIdentifyAt', () => {
  const restricted: readonly ZoneKind[] = ['worship', 'clinic', 'protest'];

  it.each(
    ZONE_KINDS.flatMap((zoneKind) => [false, true].map((sensitive) => ({ zoneKind, sensitive }))),
  )('zone kind $zoneKind, sensitive $sensitive', ({ zoneKind, sensitive }) => {
    const subject = { ...camera, zoneKind, sensitive };
    const expectedReason = restricted.includes(zoneKind)
      ? 'restricted-place'
      : sensitive
        ? 'sensitive-camera'
        : undefined;

    expect(cameraSuppression(subject)).toBe(expectedReason);
    expect(mayIdentifyAt(subject)).toBe(expectedReason === undefined);
  });
});
