import { assertUnreachable, type EventEnvelope, type TopicDefinition } from '@sightline/contracts';

/** The Kafka key that keeps a topic's events in order per camera, watchlist or alert. */
export function partitionKeyOf(topic: TopicDefinition, envelope: EventEnvelope): string {
  const payload = (envelope.payload ?? {}) as Record<string, unknown>;
  switch (topic.key) {
    case 'cameraId':
      return envelope.cameraId ?? stringField(payload, 'cameraId', topic, envelope);
    case 'watchlistId':
    case 'subjectId':
    case 'alertId':
      return stringField(payload, topic.key, topic, envelope);
    case 'auditStream':
      return 'audit';
    case 'eventId':
      return envelope.id;
    default:
      return assertUnreachable(topic.key);
  }
}

function stringField(
  payload: Record<string, unknown>,
  field: string,
  topic: TopicDefinition,
  envelope: EventEnvelope,
): string {
  const value = payload[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${envelope.type} on ${topic.name} has no ${field} to key by`);
  }
  return value;
}
