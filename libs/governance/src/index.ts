export {
  accessDecision,
  ACTIONS,
  authorise,
  can,
  ROLES,
  visibleCameras,
  type AccessDecision,
  type AccessResource,
  type Action,
  type Principal,
  type Role,
} from './access-control';
export { audienceFor, isActionable, type AlertAudience } from './alert-audience';
export { mergeKey, shouldMerge } from './alert-merge';
export type { AlertReviewCommand } from './alert-review-command';
export { alertReviewDecider, type AlertReviewDecider } from './alert-review-decider';
export type { AlertReviewEvent } from './alert-review-event';
export {
  initialAlertReviewState,
  requiredConfirmations,
  type AlertReviewState,
  type AlertStatus,
  type Confirmation,
  type ReviewedAlert,
} from './alert-review-state';
export {
  auditRecordSchema,
  chainAuditRecord,
  FIRST_AUDIT_SEQUENCE,
  GENESIS_PREVIOUS_HASH,
  verifyAuditChain,
  type AuditChainAnchor,
  type AuditChainBreak,
  type AuditChainVerdict,
  type AuditEntry,
  type AuditRecord,
} from './audit-chain';
export { ZONE_KINDS, type Camera, type ZoneKind } from './camera';
export { canonicalJson } from './canonical-json';
export {
  decideAlertReview,
  isDueForEscalation,
  type EscalationPolicy,
} from './decide-alert-review';
export { evolveAlertReview, replayAlertReview } from './evolve-alert-review';
export {
  findForbiddenRequest,
  refuseForbiddenRequest,
  type EnrolmentOrigin,
  type EnrolmentSubject,
  type ForbiddenRequestFinding,
  type GovernedRequest,
  type IdentityAudience,
  type InferredAttribute,
} from './forbidden-request';
export { governancePolicySchema, type GovernancePolicy } from './governance-policy';
export {
  cameraSuppression,
  isRestrictedPlace,
  mayIdentifyAt,
  type CameraSuppressionReason,
} from './identification-eligibility';
export {
  decideMatch,
  type MatchDecision,
  type MatchQuestion,
  type SuppressionReason,
} from './match-decision';
export { POLICY, POLICY_STATEMENT, type PolicyName } from './policy-name';
export {
  NON_MATCH_BIOMETRIC_RETENTION_MS,
  purgeDecision,
  type CaseStatus,
  type ConfigurableRetentionClass,
  type PurgeDecision,
  type RetainedRecord,
  type RetentionClass,
} from './retention';
export { validateWatchlistCreation } from './validate-watchlist-creation';
export type { ReviewMode, Watchlist, WatchlistDraft } from './watchlist';
