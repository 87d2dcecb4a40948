import type { EscalationPolicy } from '@sightline/governance';

/** How long an alert may wait for review before it escalates (bound in PolicyModule from config). */
export const ESCALATION_POLICY = Symbol('ESCALATION_POLICY');
export type { EscalationPolicy };
