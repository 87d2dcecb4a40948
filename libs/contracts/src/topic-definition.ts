import type { EventDefinition } from './event-definition';

/** Which envelope field orders a topic: one partition sees one camera's (or watchlist's) events in order. */
export type PartitionKey =
  'cameraId' | 'watchlistId' | 'subjectId' | 'alertId' | 'auditStream' | 'eventId';

export const RETAIN_FOREVER = -1;

export interface TopicDefinition<
  TEvents extends readonly EventDefinition[] = readonly EventDefinition[],
> {
  /** Versioned name: a breaking change is a new topic, never a rewrite. */
  readonly name: string;
  readonly description: string;
  readonly key: PartitionKey;
  readonly partitions: number;
  /** Milliseconds, or RETAIN_FOREVER. Topics carrying biometric data must stay short. */
  readonly retentionMs: number;
  readonly carriesBiometrics: boolean;
  readonly events: TEvents;
}

export function defineTopic<const TEvents extends readonly EventDefinition[]>(
  definition: TopicDefinition<TEvents>,
): TopicDefinition<TEvents> {
  return definition;
}

/** Dead letters of a topic keep the original bytes plus error headers, long enough to investigate. */
export function deadLetterTopicName(topic: string): string {
  return `${topic}.dlq`;
}

export const DEAD_LETTER_RETENTION_MS = 14 * 24 * 3_600_000;
