export { ContractRegistry } from './contract-registry';
export {
  defineEvent,
  type EventDefinition,
  type PayloadOf,
  type Upcaster,
} from './event-definition';
export { envelopeSchema, type EventEnvelope } from './event-envelope';
export { decodeEnvelope, encodeEnvelope } from './envelope-codec';
export { derivedEventId } from './derived-event-id';
export { newEnvelope, type EnvelopeContext } from './new-envelope';
export { assertUnreachable, DomainError, toDomainError } from './domain-error';
export { ErrorCode } from './error-code';
export {
  alertEscalated,
  alertRaised,
  alertReviewed,
  alertStatusSchema,
  deliveryAttempted,
} from './alert-events';
export { auditRecorded } from './audit-events';
export {
  evidenceCaptured,
  faceDetected,
  faceEmbedded,
  trackClosed,
  trackIdentificationSchema,
} from './face-events';
export { frameCaptured } from './frame-events';
export {
  reviewModeSchema,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  templateRemoved,
  watchlistCreated,
  watchlistExpired,
} from './gallery-events';
export { boxSchema, idSchema, instantSchema, pointSchema, templateSchema } from './primitives';
export { sightingRecorded } from './sighting-events';
export {
  DEAD_LETTER_RETENTION_MS,
  deadLetterTopicName,
  defineTopic,
  RETAIN_FOREVER,
  type PartitionKey,
  type TopicDefinition,
} from './topic-definition';
export { ALL_TOPICS, TOPICS, type MeshTopic, type TopicKey } from './topic-registry';
