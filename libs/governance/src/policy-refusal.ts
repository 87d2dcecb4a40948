import { DomainError, ErrorCode } from '@sightline/contracts';
import { POLICY_STATEMENT, type PolicyName } from './policy-name';

type RefusalDetails = Readonly<Record<string, string | number | boolean>>;

/** Builds the one error shape every policy refusal takes: `<POLICY name>: <statement>[ (<specifics>)]`. */
export function policyRefusal(
  policy: PolicyName,
  specifics?: string,
  details: RefusalDetails = {},
  code: ErrorCode = ErrorCode.PolicyRefused,
): DomainError {
  const suffix = specifics === undefined ? '' : ` (${specifics})`;
  return new DomainError(code, `${policy}: ${POLICY_STATEMENT[policy]}${suffix}`, {
    ...details,
    policy,
  });
}
