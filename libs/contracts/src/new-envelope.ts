import { ulid } from 'ulid';
import type { EventDefinition, PayloadOf } from './event-definition';
import type { EventEnvelope } from './event-envelope';

export interface EnvelopeContext {
  readonly source: string;
  readonly correlationId?: string;
  readonly cameraId?: string;
  readonly occurredAt?: Date;
}

/** Builds a current-version envelope; a new correlation id starts a new chain (a frame entering the mesh). */
export function newEnvelope<D extends EventDefinition>(
  definition: D,
  payload: PayloadOf<D>,
  context: EnvelopeContext,
): EventEnvelope<D['type'], PayloadOf<D>> {
  const id = ulid();
  return {
    id,
    type: definition.type,
    version: definition.version,
    occurredAt: (context.occurredAt ?? new Date()).toISOString(),
    source: context.source,
    correlationId: context.correlationId ?? id,
    ...(context.cameraId ? { cameraId: context.cameraId } : {}),
    payload,
  };
}
