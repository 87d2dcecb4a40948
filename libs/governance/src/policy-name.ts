/**
 * The named policies Sightline enforces. A refusal always cites one of these names so that an
 * operator, an auditor or a court can trace a "no" back to the rule that produced it.
 */
export const POLICY = {
  NO_DEMOGRAPHIC_INFERENCE: 'POLICY.NO_DEMOGRAPHIC_INFERENCE',
  NO_EMOTION_INFERENCE: 'POLICY.NO_EMOTION_INFERENCE',
  NO_PUBLIC_DISPLAY_OF_IDENTITIES: 'POLICY.NO_PUBLIC_DISPLAY_OF_IDENTITIES',
  NO_SCRAPED_ENROLMENT: 'POLICY.NO_SCRAPED_ENROLMENT',
  PER_SUBJECT_LEGAL_BASIS: 'POLICY.PER_SUBJECT_LEGAL_BASIS',
  WATCHLIST_REQUIRES_LEGAL_BASIS: 'POLICY.WATCHLIST_REQUIRES_LEGAL_BASIS',
  WATCHLIST_REQUIRES_PURPOSE: 'POLICY.WATCHLIST_REQUIRES_PURPOSE',
  WATCHLIST_REQUIRES_AUTHORISER: 'POLICY.WATCHLIST_REQUIRES_AUTHORISER',
  WATCHLIST_REQUIRES_OWNER: 'POLICY.WATCHLIST_REQUIRES_OWNER',
  WATCHLIST_BOUNDED_EXPIRY: 'POLICY.WATCHLIST_BOUNDED_EXPIRY',
  WATCHLIST_REQUIRES_ZONES: 'POLICY.WATCHLIST_REQUIRES_ZONES',
  WATCHLIST_THRESHOLD_RANGE: 'POLICY.WATCHLIST_THRESHOLD_RANGE',
  TWO_PERSON_REVIEW: 'POLICY.TWO_PERSON_REVIEW',
  REVIEWER_IS_NOT_ENROLLER: 'POLICY.REVIEWER_IS_NOT_ENROLLER',
} as const;

export type PolicyName = (typeof POLICY)[keyof typeof POLICY];

/** One sentence per policy, written for the person who was refused. */
export const POLICY_STATEMENT: Readonly<Record<PolicyName, string>> = {
  [POLICY.NO_DEMOGRAPHIC_INFERENCE]: 'Sightline never infers age, gender, emotion or ethnicity',
  [POLICY.NO_EMOTION_INFERENCE]: 'Sightline never infers age, gender, emotion or ethnicity',
  [POLICY.NO_PUBLIC_DISPLAY_OF_IDENTITIES]:
    'identities are shown only to authorised reviewers and action channels, never in public',
  [POLICY.NO_SCRAPED_ENROLMENT]:
    'faces harvested by scraping the internet or CCTV are never enrolled',
  [POLICY.PER_SUBJECT_LEGAL_BASIS]: 'every enrolled subject needs its own legal basis',
  [POLICY.WATCHLIST_REQUIRES_LEGAL_BASIS]: 'a watchlist needs a legal-basis reference',
  [POLICY.WATCHLIST_REQUIRES_PURPOSE]: 'a watchlist needs a stated purpose',
  [POLICY.WATCHLIST_REQUIRES_AUTHORISER]: 'a watchlist needs a named authorising person',
  [POLICY.WATCHLIST_REQUIRES_OWNER]: 'a watchlist needs a named owner',
  [POLICY.WATCHLIST_BOUNDED_EXPIRY]:
    'a watchlist must expire in the future and within the configured maximum',
  [POLICY.WATCHLIST_REQUIRES_ZONES]: 'a watchlist must name the zones where it applies',
  [POLICY.WATCHLIST_THRESHOLD_RANGE]: 'a watchlist threshold must lie within [0, 1]',
  [POLICY.TWO_PERSON_REVIEW]:
    'a two-person watchlist needs confirmations by two different reviewers',
  [POLICY.REVIEWER_IS_NOT_ENROLLER]: 'the person who enrolled a subject may not review its alerts',
};
