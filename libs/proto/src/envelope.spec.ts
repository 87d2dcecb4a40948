import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { eventsV1 } from './index';

const { EventEnvelope } = eventsV1;

// Read by an independent protobuf implementation (protobufjs) straight from the schema, so a
// field-number or type drift between proto/ and the committed generated code fails here.
const ENVELOPE_PROTO = join(
  __dirname,
  '..',
  '..',
  '..',
  'proto',
  'sightline',
  'events',
  'v1',
  'envelope.proto',
);

function sampleEnvelope(overrides: Partial<eventsV1.EventEnvelope> = {}): eventsV1.EventEnvelope {
  return {
    id: '01JCZ8Q4M3W6V1R2T5Y7B9N0PK',
    type: 'sightline.frames.captured',
    version: 2,
    occurredAt: new Date('2025-11-26T09:25:13.457Z'),
    source: 'ingest',
    correlationId: '01JCZ8Q4M3W6V1R2T5Y7B9N0PK',
    cameraId: 'cam-lobby-01',
    payload: Buffer.from(JSON.stringify({ frameId: 'f-1', width: 1920, height: 1080 }), 'utf8'),
    payloadContentType: 'application/json',
    ...overrides,
  };
}

describe('sightline.events.v1.EventEnvelope', () => {
  it('round-trips every field through the binary encoding', () => {
    const envelope = sampleEnvelope();

    const bytes = EventEnvelope.encode(envelope).finish();
    const decoded = EventEnvelope.decode(bytes);

    expect(decoded).toEqual(envelope);
    expect(decoded.occurredAt?.toISOString()).toBe('2025-11-26T09:25:13.457Z');
    expect(JSON.parse(decoded.payload.toString('utf8'))).toEqual({
      frameId: 'f-1',
      width: 1920,
      height: 1080,
    });
  });

  it('keeps the optional camera_id absent rather than turning it into an empty string', () => {
    const envelope = sampleEnvelope({ cameraId: undefined });

    const decoded = EventEnvelope.decode(EventEnvelope.encode(envelope).finish());

    expect(decoded.cameraId).toBeUndefined();
    expect(decoded).toEqual(envelope);
    // Explicit presence: an empty camera id is still distinguishable from no camera id.
    expect(
      EventEnvelope.decode(EventEnvelope.encode(sampleEnvelope({ cameraId: '' })).finish())
        .cameraId,
    ).toBe('');
  });

  it('maps to the camelCase JSON form used on Kafka, with occurredAt as an ISO-8601 string', () => {
    const json = EventEnvelope.toJSON(sampleEnvelope()) as Record<string, unknown>;

    expect(json).toMatchObject({
      id: '01JCZ8Q4M3W6V1R2T5Y7B9N0PK',
      type: 'sightline.frames.captured',
      version: 2,
      occurredAt: '2025-11-26T09:25:13.457Z',
      source: 'ingest',
      correlationId: '01JCZ8Q4M3W6V1R2T5Y7B9N0PK',
      cameraId: 'cam-lobby-01',
      payloadContentType: 'application/json',
    });
    expect(EventEnvelope.fromJSON(json)).toEqual(sampleEnvelope());
  });

  it('is wire-compatible with the .proto schema as read by protobufjs', async () => {
    const root = await protobuf.load(ENVELOPE_PROTO);
    const reflected = root.lookupType('sightline.events.v1.EventEnvelope');
    const envelope = sampleEnvelope();

    const viaSchema = reflected.toObject(
      reflected.decode(EventEnvelope.encode(envelope).finish()),
      {
        longs: Number,
      },
    ) as Record<string, unknown>;

    expect(viaSchema).toMatchObject({
      id: envelope.id,
      type: envelope.type,
      version: envelope.version,
      occurredAt: { seconds: 1764149113, nanos: 457_000_000 },
      source: envelope.source,
      correlationId: envelope.correlationId,
      cameraId: envelope.cameraId,
      payloadContentType: envelope.payloadContentType,
    });
    expect(Buffer.from(viaSchema['payload'] as Uint8Array)).toEqual(envelope.payload);

    // And the other direction: bytes written by protobufjs decode with the generated code.
    const written = reflected.encode(reflected.fromObject(viaSchema)).finish();
    expect(EventEnvelope.decode(written)).toEqual(envelope);
  });
});
