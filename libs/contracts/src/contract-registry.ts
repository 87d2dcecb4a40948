import { DomainError } from './domain-error';
import { ErrorCode } from './error-code';
import type { TopicDefinition } from './topic-definition';
import type { EventDefinition } from './event-definition';

/**
 * Looks up topics and event types. Services build one from the topics they use; tests build one
 * from fixture topics. Duplicate names or types are a programming error caught at construction.
 */
export class ContractRegistry {
  private readonly topicsByName = new Map<string, TopicDefinition>();
  private readonly eventsByType = new Map<string, EventDefinition>();

  constructor(topics: readonly TopicDefinition[]) {
    for (const topic of topics) {
      if (this.topicsByName.has(topic.name))
        throw new Error(`Topic ${topic.name} is defined twice`);
      this.topicsByName.set(topic.name, topic);
      for (const event of topic.events) {
        const known = this.eventsByType.get(event.type);
        if (known && known !== event) throw new Error(`Event type ${event.type} is defined twice`);
        this.eventsByType.set(event.type, event);
      }
    }
  }

  get topics(): readonly TopicDefinition[] {
    return [...this.topicsByName.values()];
  }

  topic(name: string): TopicDefinition {
    const topic = this.topicsByName.get(name);
    if (!topic)
      throw new DomainError(ErrorCode.NotFound, `No topic named ${name} in the registry`, {
        topic: name,
      });
    return topic;
  }

  hasTopic(name: string): boolean {
    return this.topicsByName.has(name);
  }

  event(type: string): EventDefinition {
    const event = this.eventsByType.get(type);
    if (!event) {
      throw new DomainError(ErrorCode.UnknownEventType, `Unknown event type ${type}`, { type });
    }
    return event;
  }
}
