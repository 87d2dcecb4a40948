import { z } from 'zod';
import { DomainError } from './domain-error';
import { ErrorCode } from './error-code';
import { defineTopic } from './topic-definition';
import { ContractRegistry } from './contract-registry';
import { defineEvent } from './event-definition';
import { decodeEnvelope, encodeEnvelope } from './envelope-codec';
import { newEnvelope } from './new-envelope';

// v1 payload had `name`; v2 splits it. Upcasting happens on read so the log is never rewritten.
const personNamed = defineEvent({
  type: 'test.person.named',
  version: 2,
  schema: z.object({ given: z.string(), family: z.string() }),
  upcasters: {
    1: (payload) => {
      const [given, family] = String((payload as { name: string }).name).split(' ');
      return { given, family };
    },
  },
});
const registry = new ContractRegistry([
  defineTopic({
    name: 'people.v1',
    description: 'test',
    key: 'eventId',
    partitions: 1,
    retentionMs: 1000,
    carriesBiometrics: false,
    events: [personNamed],
  }),
]);

function codeOf(action: () => unknown): ErrorCode {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('envelope codec', () => {
  it('round-trips a current envelope unchanged', () => {
    const envelope = newEnvelope(
      personNamed,
      { given: 'Ada', family: 'Lovelace' },
      { source: 'test', cameraId: 'cam-1' },
    );
    expect(decodeEnvelope(encodeEnvelope(envelope), registry)).toEqual(envelope);
    expect(envelope.correlationId).toBe(envelope.id);
  });

  it('upcasts an old version when reading', () => {
    const stored = {
      ...newEnvelope(personNamed, { given: 'x', family: 'y' }, { source: 't' }),
      version: 1,
      payload: { name: 'Grace Hopper' },
    };
    const decoded = decodeEnvelope(encodeEnvelope(stored), registry);
    expect(decoded.version).toBe(2);
    expect(decoded.payload).toEqual({ given: 'Grace', family: 'Hopper' });
  });

  it.each([
    ['an empty value', Buffer.alloc(0), ErrorCode.MalformedEnvelope],
    ['a null value', null, ErrorCode.MalformedEnvelope],
    ['not JSON', Buffer.from('{nope'), ErrorCode.MalformedEnvelope],
    [
      'an envelope without id',
      Buffer.from(JSON.stringify({ type: 'test.person.named', version: 2 })),
      ErrorCode.MalformedEnvelope,
    ],
  ])('rejects %s as a malformed envelope', (_name, value, code) => {
    expect(codeOf(() => decodeEnvelope(value, registry))).toBe(code);
  });

  it('rejects unknown types, future versions and invalid payloads with their own codes', () => {
    const base = newEnvelope(personNamed, { given: 'a', family: 'b' }, { source: 't' });
    expect(
      codeOf(() => decodeEnvelope(encodeEnvelope({ ...base, type: 'test.other' }), registry)),
    ).toBe(ErrorCode.UnknownEventType);
    expect(codeOf(() => decodeEnvelope(encodeEnvelope({ ...base, version: 3 }), registry))).toBe(
      ErrorCode.UnsupportedEventVersion,
    );
    expect(
      codeOf(() => decodeEnvelope(encodeEnvelope({ ...base, payload: { given: 1 } }), registry)),
    ).toBe(ErrorCode.InvalidPayload);
  });
});
