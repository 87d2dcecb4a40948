import type { EventEnvelope, evidenceCaptured, PayloadOf } from '@sightline/contracts';

export type ProjectEvidenceCommand = EventEnvelope<
  typeof evidenceCaptured.type,
  PayloadOf<typeof evidenceCaptured>
>;
