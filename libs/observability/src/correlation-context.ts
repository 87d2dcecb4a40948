import { AsyncLocalStorage } from 'node:async_hooks';

export interface CorrelationScope {
  readonly correlationId: string;
  readonly eventId?: string;
  readonly topic?: string;
  readonly cameraId?: string;
}

const storage = new AsyncLocalStorage<CorrelationScope>();

/**
 * Carries the correlation id of the event being handled through every await, so log lines
 * written deep inside a use case still say which frame they belong to.
 */
export const correlationContext = {
  run<T>(scope: CorrelationScope, work: () => T): T {
    return storage.run(scope, work);
  },
  current(): CorrelationScope | undefined {
    return storage.getStore();
  },
};
