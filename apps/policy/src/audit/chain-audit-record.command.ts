import type { auditRecorded, EventEnvelope, PayloadOf } from '@sightline/contracts';

export type ChainAuditRecordCommand = EventEnvelope<
  typeof auditRecorded.type,
  PayloadOf<typeof auditRecorded>
>;
