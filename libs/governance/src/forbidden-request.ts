import { assertUnreachable } from '@sightline/contracts';
import { POLICY, type PolicyName } from './policy-name';
import { policyRefusal } from './policy-refusal';

export type InferredAttribute = 'age' | 'gender' | 'ethnicity' | 'emotion';

export type IdentityAudience = 'public' | 'reviewers' | 'action-channels';

/** Where enrolment photos come from. Harvesting is the untargeted scraping the EU AI Act bans. */
export type EnrolmentOrigin = 'case-file' | 'operator-capture' | 'internet-scrape' | 'cctv-harvest';

export interface EnrolmentSubject {
  readonly subjectId: string;
  readonly legalBasis?: string;
}

/** A request that touches a capability Sightline restricts by law rather than by role. */
export type GovernedRequest =
  | { readonly kind: 'infer-attribute'; readonly attribute: InferredAttribute }
  | { readonly kind: 'display-identities'; readonly audience: IdentityAudience }
  | {
      readonly kind: 'enrol';
      readonly origin: EnrolmentOrigin;
      readonly subjects: readonly EnrolmentSubject[];
    };

export interface ForbiddenRequestFinding {
  readonly policy: PolicyName;
  readonly specifics: string;
}

function attributePolicy(attribute: InferredAttribute): PolicyName {
  switch (attribute) {
    case 'age':
    case 'gender':
    case 'ethnicity':
      return POLICY.NO_DEMOGRAPHIC_INFERENCE;
    case 'emotion':
      return POLICY.NO_EMOTION_INFERENCE;
    default:
      return assertUnreachable(attribute);
  }
}

function isHarvested(origin: EnrolmentOrigin): boolean {
  switch (origin) {
    case 'internet-scrape':
    case 'cctv-harvest':
      return true;
    case 'case-file':
    case 'operator-capture':
      return false;
    default:
      return assertUnreachable(origin);
  }
}

/** The policy a request breaks, or undefined when the law has no objection (roles still apply). */
export function findForbiddenRequest(
  request: GovernedRequest,
): ForbiddenRequestFinding | undefined {
  switch (request.kind) {
    case 'infer-attribute':
      return {
        policy: attributePolicy(request.attribute),
        specifics: `${request.attribute} was requested`,
      };
    case 'display-identities':
      return request.audience === 'public'
        ? {
            policy: POLICY.NO_PUBLIC_DISPLAY_OF_IDENTITIES,
            specifics: 'public display was requested',
          }
        : undefined;
    case 'enrol': {
      if (isHarvested(request.origin)) {
        return { policy: POLICY.NO_SCRAPED_ENROLMENT, specifics: `origin is ${request.origin}` };
      }
      // A batch-wide basis is not enough: each person's inclusion must be justified on its own.
      const unjustified = request.subjects.find((subject) => !subject.legalBasis?.trim());
      return unjustified === undefined
        ? undefined
        : {
            policy: POLICY.PER_SUBJECT_LEGAL_BASIS,
            specifics: `subject ${unjustified.subjectId} has no legal basis`,
          };
    }
    default:
      return assertUnreachable(request);
  }
}

/** Throws DomainError(PolicyRefused) naming the policy when a request is forbidden by law. */
export function refuseForbiddenRequest(request: GovernedRequest): void {
  const finding = findForbiddenRequest(request);
  if (finding !== undefined) {
    throw policyRefusal(finding.policy, finding.specifics, { request: request.kind });
  }
}
