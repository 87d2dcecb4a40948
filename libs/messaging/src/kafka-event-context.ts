import type { EventEnvelope } from '@sightline/contracts';
import { BaseRpcContext } from '@nestjs/microservices';

type Args = [
  topic: string,
  partition: number,
  offset: string,
  envelope: EventEnvelope,
  attempt: number,
];

/** What a handler may know about the message behind its payload (`@Ctx()`). */
export class KafkaEventContext extends BaseRpcContext<Args> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
  getOffset(): string {
    return this.args[2];
  }
  getEnvelope(): EventEnvelope {
    return this.args[3];
  }
  /** 1 on first delivery; higher when the handler is being retried; 0 in a lookahead handler. */
  getAttempt(): number {
    return this.args[4];
  }
}
