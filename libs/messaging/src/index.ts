export {
  DEAD_LETTER_HEADERS,
  deadLetterHeaders,
  type DeadLetterOrigin,
} from './dead-letter-headers';
export { EventPublisher, type RawMessage } from './event-publisher';
export { failureDecisionFor, type FailureDecision } from './failure-decision';
export { createKafkaClient } from './kafka-client.factory';
export { KafkaEventContext } from './kafka-event-context';
export {
  KafkaEventServer,
  SubscriptionMismatchError,
  type KafkaEventServerOptions,
} from './kafka-event-server';
export { lookaheadPattern } from './lookahead';
export { partitionKeyOf } from './partition-key';
export { nextStepAfterFailure, type NextStep } from './retry-policy';
export { subscriptionProblems } from './subscription-check';
export { ensureTopics, topicConfigsFor, type ProvisionOptions } from './topic-provisioner';
export { ReplayProgress } from './replay-progress';
export {
  unusablePositions,
  type PartitionEnds,
  type ReplayPosition,
  type ReplayStartPoint,
} from './replay-position';
