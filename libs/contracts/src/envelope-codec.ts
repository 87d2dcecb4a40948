import { DomainError } from './domain-error';
import { ErrorCode } from './error-code';
import type { ContractRegistry } from './contract-registry';
import type { EventDefinition } from './event-definition';
import { envelopeSchema, type EventEnvelope } from './event-envelope';

export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

/**
 * Parses, upcasts and validates one message value. Every failure is a DomainError with a
 * non-retryable code, so the consumer dead-letters it instead of looping on it.
 */
export function decodeEnvelope(value: Buffer | null, registry: ContractRegistry): EventEnvelope {
  if (!value || value.length === 0) {
    throw new DomainError(ErrorCode.MalformedEnvelope, 'Message has no value');
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new DomainError(
      ErrorCode.MalformedEnvelope,
      'Message value is not JSON',
      {},
      { cause: error },
    );
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new DomainError(
      ErrorCode.MalformedEnvelope,
      `Envelope is invalid: ${summarise(parsed.error.issues)}`,
    );
  }
  const definition = registry.event(parsed.data.type);
  const payload = upcast(definition, parsed.data.version, parsed.data.payload);
  const validated = definition.schema.safeParse(payload);
  if (!validated.success) {
    throw new DomainError(
      ErrorCode.InvalidPayload,
      `${definition.type} payload is invalid: ${summarise(validated.error.issues)}`,
      { type: definition.type },
    );
  }
  return { ...parsed.data, version: definition.version, payload: validated.data };
}

function upcast(definition: EventDefinition, storedVersion: number, payload: unknown): unknown {
  if (storedVersion > definition.version) {
    throw new DomainError(
      ErrorCode.UnsupportedEventVersion,
      `${definition.type} v${storedVersion} is newer than this service understands (v${definition.version})`,
      { type: definition.type, version: storedVersion },
    );
  }
  let current = payload;
  for (let version = storedVersion; version < definition.version; version += 1) {
    const step = definition.upcasters?.[version];
    if (!step) {
      throw new DomainError(
        ErrorCode.UnsupportedEventVersion,
        `${definition.type} has no upcaster from v${version}`,
        { type: definition.type, version },
      );
    }
    current = step(current);
  }
  return current;
}

function summarise(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
