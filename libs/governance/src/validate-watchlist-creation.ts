import { ErrorCode } from '@sightline/contracts';
import type { GovernancePolicy } from './governance-policy';
import { POLICY, type PolicyName } from './policy-name';
import { policyRefusal } from './policy-refusal';
import type { Watchlist, WatchlistDraft } from './watchlist';

const DAY_MS = 86_400_000;

function requireText(value: string, field: string, policy: PolicyName): string {
  const text = value.trim();
  if (text.length === 0) throw policyRefusal(policy, `${field} is missing`, { field });
  return text;
}

/**
 * Admits a watchlist only with a purpose, a legal basis, an authoriser, an owner, a bounded life
 * and a place. Refusals name the policy so the operator knows which rule to satisfy.
 */
export function validateWatchlistCreation(
  draft: WatchlistDraft,
  policy: Pick<GovernancePolicy, 'maxWatchlistDays'>,
  now: Date,
): Watchlist {
  const purpose = requireText(draft.purpose, 'purpose', POLICY.WATCHLIST_REQUIRES_PURPOSE);
  const legalBasis = requireText(
    draft.legalBasis,
    'legalBasis',
    POLICY.WATCHLIST_REQUIRES_LEGAL_BASIS,
  );
  const authorisedBy = requireText(
    draft.authorisedBy,
    'authorisedBy',
    POLICY.WATCHLIST_REQUIRES_AUTHORISER,
  );
  const owner = requireText(draft.owner, 'owner', POLICY.WATCHLIST_REQUIRES_OWNER);

  const expiresMs = draft.expiresAt.getTime();
  const latestMs = now.getTime() + policy.maxWatchlistDays * DAY_MS;
  if (Number.isNaN(expiresMs)) {
    throw policyRefusal(
      POLICY.WATCHLIST_BOUNDED_EXPIRY,
      'expiresAt is not a valid time',
      {},
      ErrorCode.InvalidArgument,
    );
  }
  if (expiresMs <= now.getTime()) {
    throw policyRefusal(POLICY.WATCHLIST_BOUNDED_EXPIRY, 'expiresAt is not in the future', {
      expiresAt: draft.expiresAt.toISOString(),
    });
  }
  if (expiresMs > latestMs) {
    throw policyRefusal(
      POLICY.WATCHLIST_BOUNDED_EXPIRY,
      `expiresAt is beyond the maximum of ${policy.maxWatchlistDays} days`,
      { expiresAt: draft.expiresAt.toISOString(), maxWatchlistDays: policy.maxWatchlistDays },
    );
  }

  // NaN fails both comparisons, so it is refused too.
  if (!(draft.threshold >= 0 && draft.threshold <= 1)) {
    throw policyRefusal(
      POLICY.WATCHLIST_THRESHOLD_RANGE,
      `threshold ${draft.threshold} is outside [0, 1]`,
      { threshold: String(draft.threshold) },
      ErrorCode.InvalidArgument,
    );
  }

  const zones = [...new Set(draft.zones.map((zone) => zone.trim()).filter((zone) => zone !== ''))];
  if (zones.length === 0) throw policyRefusal(POLICY.WATCHLIST_REQUIRES_ZONES, 'no zones given');

  return {
    ...draft,
    purpose,
    legalBasis,
    authorisedBy,
    owner,
    zones,
    cameraIds: [...new Set(draft.cameraIds ?? [])],
    createdAt: now,
  };
}
