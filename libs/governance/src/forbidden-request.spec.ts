import { DomainError, ErrorCode } from '@sightline/contracts';
import {
  findForbiddenRequest,
  refuseForbiddenRequest,
  type GovernedRequest,
} from './forbidden-request';
import { POLICY, POLICY_STATEMENT, type PolicyName } from './policy-name';
import { thrownDomainError } from './thrown.fixture';

describe('refuseForbiddenRequest', () => {
  it.each<[string, GovernedRequest, PolicyName]>([
    [
      'age inference',
      { kind: 'infer-attribute', attribute: 'age' },
      POLICY.NO_DEMOGRAPHIC_INFERENCE,
    ],
    [
      'gender inference',
      { kind: 'infer-attribute', attribute: 'gender' },
      POLICY.NO_DEMOGRAPHIC_INFERENCE,
    ],
    [
      'ethnicity inference',
      { kind: 'infer-attribute', attribute: 'ethnicity' },
      POLICY.NO_DEMOGRAPHIC_INFERENCE,
    ],
    [
      'emotion inference',
      { kind: 'infer-attribute', attribute: 'emotion' },
      POLICY.NO_EMOTION_INFERENCE,
    ],
    [
      'public display of identities',
      { kind: 'display-identities', audience: 'public' },
      POLICY.NO_PUBLIC_DISPLAY_OF_IDENTITIES,
    ],
    [
      'enrolment from an internet scrape',
      {
        kind: 'enrol',
        origin: 'internet-scrape',
        subjects: [{ subjectId: 's1', legalBasis: 'warrant 7' }],
      },
      POLICY.NO_SCRAPED_ENROLMENT,
    ],
    [
      'enrolment from harvested CCTV',
      {
        kind: 'enrol',
        origin: 'cctv-harvest',
        subjects: [{ subjectId: 's1', legalBasis: 'warrant 7' }],
      },
      POLICY.NO_SCRAPED_ENROLMENT,
    ],
    [
      'a single enrolment without a legal basis',
      { kind: 'enrol', origin: 'case-file', subjects: [{ subjectId: 's1' }] },
      POLICY.PER_SUBJECT_LEGAL_BASIS,
    ],
    [
      'bulk enrolment where one subject lacks a basis',
      {
        kind: 'enrol',
        origin: 'case-file',
        subjects: [
          { subjectId: 's1', legalBasis: 'warrant 7' },
          { subjectId: 's2', legalBasis: ' ' },
          { subjectId: 's3', legalBasis: 'warrant 9' },
        ],
      },
      POLICY.PER_SUBJECT_LEGAL_BASIS,
    ],
  ])('refuses %s as PolicyRefused naming the policy', (_case, request, policy) => {
    const error = thrownDomainError(() => refuseForbiddenRequest(request));

    expect(error.code).toBe(ErrorCode.PolicyRefused);
    expect(error.message.startsWith(`${policy}: ${POLICY_STATEMENT[policy]}`)).toBe(true);
    expect(error.details).toMatchObject({ policy, request: request.kind });
  });

  it.each<[string, GovernedRequest]>([
    ['display to reviewers', { kind: 'display-identities', audience: 'reviewers' }],
    ['display to action channels', { kind: 'display-identities', audience: 'action-channels' }],
    [
      'a case-file enrolment with a basis',
      {
        kind: 'enrol',
        origin: 'case-file',
        subjects: [{ subjectId: 's1', legalBasis: 'warrant 7' }],
      },
    ],
    [
      'an operator capture in bulk, each with a basis',
      {
        kind: 'enrol',
        origin: 'operator-capture',
        subjects: [
          { subjectId: 's1', legalBasis: 'warrant 7' },
          { subjectId: 's2', legalBasis: 'warrant 8' },
        ],
      },
    ],
  ])('lets %s through', (_case, request) => {
    expect(findForbiddenRequest(request)).toBeUndefined();
    expect(() => refuseForbiddenRequest(request)).not.toThrow(DomainError);
  });

  it('names the exact subject that lacks a legal basis', () => {
    const finding = findForbiddenRequest({
      kind: 'enrol',
      origin: 'case-file',
      subjects: [{ subjectId: 's1', legalBasis: 'warrant 7' }, { subjectId: 's2' }],
    });

    expect(finding?.specifics).toBe('subject s2 has no legal basis');
  });

  it('states the demographic policy in the words operators see', () => {
    const error = thrownDomainError(() =>
      refuseForbiddenRequest({ kind: 'infer-attribute', attribute: 'age' }),
    );

    expect(error.message).toBe(
      'POLICY.NO_DEMOGRAPHIC_INFERENCE: Sightline never infers age, gender, emotion or ethnicity (age was requested)',
    );
  });

  it('gives every policy a distinct name in the POLICY namespace and a statement', () => {
    const names = Object.values(POLICY);
    expect(new Set(names).size).toBe(names.length);
    for (const [key, name] of Object.entries(POLICY)) {
      expect(name).toBe(`POLICY.${key}`);
      expect(POLICY_STATEMENT[name].length).toBeGreaterThan(10);
    }
  });
});
