import type { DomainError } from '@sightline/contracts';
import type { IHeaders } from 'kafkajs';

export const DEAD_LETTER_HEADERS = {
  code: 'x-error-code',
  message: 'x-error-message',
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
  consumerGroup: 'x-consumer-group',
  attempts: 'x-attempts',
  failedAt: 'x-failed-at',
} as const;

export interface DeadLetterOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly groupId: string;
  readonly attempts: number;
  readonly failedAt: Date;
}

/** Headers say why and where from, so an operator can triage and replay without decoding the value. */
export function deadLetterHeaders(
  error: DomainError,
  origin: DeadLetterOrigin,
  original: IHeaders = {},
): IHeaders {
  return {
    ...original,
    [DEAD_LETTER_HEADERS.code]: error.code,
    [DEAD_LETTER_HEADERS.message]: error.message.slice(0, 1_000),
    [DEAD_LETTER_HEADERS.sourceTopic]: origin.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(origin.partition),
    [DEAD_LETTER_HEADERS.sourceOffset]: origin.offset,
    [DEAD_LETTER_HEADERS.consumerGroup]: origin.groupId,
    [DEAD_LETTER_HEADERS.attempts]: String(origin.attempts),
    [DEAD_LETTER_HEADERS.failedAt]: origin.failedAt.toISOString(),
  };
}
