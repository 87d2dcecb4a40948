import type { EventEnvelope, PayloadOf, sightingRecorded } from '@sightline/contracts';

export type ProjectSightingCommand = EventEnvelope<
  typeof sightingRecorded.type,
  PayloadOf<typeof sightingRecorded>
>;
