import { ErrorCode } from '@sightline/contracts';
import { POLICY, type PolicyName } from './policy-name';
import { thrownDomainError } from './thrown.fixture';
import { validateWatchlistCreation } from './validate-watchlist-creation';
import type { WatchlistDraft } from './watchlist';

const now = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const policy = { maxWatchlistDays: 30 };

const draft: WatchlistDraft = {
  watchlistId: 'w1',
  name: 'Missing persons',
  purpose: 'locate reported missing persons',
  legalBasis: 'Court order 2026/114',
  authorisedBy: 'judge.ruiz',
  owner: 'ops.lead',
  expiresAt: new Date(now.getTime() + 7 * DAY),
  zones: ['station-north'],
  threshold: 0.6,
  reviewMode: 'two-person',
};

describe('validateWatchlistCreation', () => {
  it.each<[string, Partial<WatchlistDraft>, ErrorCode, PolicyName]>([
    [
      'empty legal basis',
      { legalBasis: '' },
      ErrorCode.PolicyRefused,
      POLICY.WATCHLIST_REQUIRES_LEGAL_BASIS,
    ],
    [
      'blank legal basis',
      { legalBasis: '   ' },
      ErrorCode.PolicyRefused,
      POLICY.WATCHLIST_REQUIRES_LEGAL_BASIS,
    ],
    ['empty purpose', { purpose: '' }, ErrorCode.PolicyRefused, POLICY.WATCHLIST_REQUIRES_PURPOSE],
    [
      'empty authoriser',
      { authorisedBy: ' ' },
      ErrorCode.PolicyRefused,
      POLICY.WATCHLIST_REQUIRES_AUTHORISER,
    ],
    ['empty owner', { owner: '' }, ErrorCode.PolicyRefused, POLICY.WATCHLIST_REQUIRES_OWNER],
    [
      'expiry in the past',
      { expiresAt: new Date(now.getTime() - 1) },
      ErrorCode.PolicyRefused,
      POLICY.WATCHLIST_BOUNDED_EXPIRY,
    ],
    [
      'expiry exactly now',
      { expiresAt: now },
      ErrorCode.PolicyRefused,
      POLICY.WATCHLIST_BOUNDED_EXPIRY,
    ],
    [
      'expiry one ms beyond the maximum',
      { expiresAt: new Date(now.getTime() + 30 * DAY + 1) },
      ErrorCode.PolicyRefused,
      POLICY.WATCHLIST_BOUNDED_EXPIRY,
    ],
    [
      'an invalid expiry',
      { expiresAt: new Date('nope') },
      ErrorCode.InvalidArgument,
      POLICY.WATCHLIST_BOUNDED_EXPIRY,
    ],
    [
      'threshold below 0',
      { threshold: -0.01 },
      ErrorCode.InvalidArgument,
      POLICY.WATCHLIST_THRESHOLD_RANGE,
    ],
    [
      'threshold above 1',
      { threshold: 1.01 },
      ErrorCode.InvalidArgument,
      POLICY.WATCHLIST_THRESHOLD_RANGE,
    ],
    [
      'threshold NaN',
      { threshold: Number.NaN },
      ErrorCode.InvalidArgument,
      POLICY.WATCHLIST_THRESHOLD_RANGE,
    ],
    ['no zones', { zones: [] }, ErrorCode.PolicyRefused, POLICY.WATCHLIST_REQUIRES_ZONES],
    [
      'only blank zones',
      { zones: ['', '  '] },
      ErrorCode.PolicyRefused,
      POLICY.WATCHLIST_REQUIRES_ZONES,
    ],
  ])('refuses %s, naming the policy', (_case, change, code, policyName) => {
    const error = thrownDomainError(() =>
      validateWatchlistCreation({ ...draft, ...change }, policy, now),
    );

    expect(error.code).toBe(code);
    expect(error.message.startsWith(`${policyName}: `)).toBe(true);
    expect(error.details.policy).toBe(policyName);
  });

  it.each<[string, Partial<WatchlistDraft>]>([
    ['a valid draft', {}],
    ['expiry exactly at the maximum', { expiresAt: new Date(now.getTime() + 30 * DAY) }],
    ['threshold 0', { threshold: 0 }],
    ['threshold 1', { threshold: 1 }],
    ['single review', { reviewMode: 'single' }],
  ])('admits %s, stamping creation time and normalising scope', (_case, change) => {
    const watchlist = validateWatchlistCreation(
      { ...draft, ...change, zones: [' station-north ', 'station-north', ''] },
      policy,
      now,
    );

    expect(watchlist.createdAt).toEqual(now);
    expect(watchlist.zones).toEqual(['station-north']);
    expect(watchlist.cameraIds).toEqual([]);
    expect(watchlist.threshold).toBe(change.threshold ?? draft.threshold);
  });

  it('names the configured maximum when the expiry is too far away', () => {
    const error = thrownDomainError(() =>
      validateWatchlistCreation(
        { ...draft, expiresAt: new Date(now.getTime() + 91 * DAY) },
        { maxWatchlistDays: 90 },
        now,
      ),
    );

    expect(error.message).toContain('maximum of 90 days');
  });
});
