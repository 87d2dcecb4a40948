import { DomainError, ErrorCode, newEnvelope, type EventEnvelope } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import type { RgbImage } from '@sightline/vision';
import sharp from 'sharp';
import { ChipDecoder } from './chip-decoder';
import { EmbedFaceUseCase } from './embed-face.usecase';
import { EmbedMetrics } from './embed-metrics';
import { faceDetected, trackClosed } from './face-events';
import { ForwardTrackClosedUseCase } from './forward-track-closed.usecase';
import type { ChipEmbedder } from './template-embedder';

/** Records what would have gone to Kafka. */
function recordingPublisher(): { publisher: EventPublisher; sent: [string, EventEnvelope][] } {
  const sent: [string, EventEnvelope][] = [];
  const publisher = {
    publish: jest.fn(async (topic: { name: string }, envelopes: readonly EventEnvelope[]) => {
      for (const envelope of envelopes) sent.push([topic.name, envelope]);
    }),
  } as unknown as EventPublisher;
  return { publisher, sent };
}

/** A fake embedder: the template is the normalised mean colour plus a constant, enough to check plumbing. */
class FakeEmbedder implements ChipEmbedder {
  readonly name = 'fake-embedder';
  readonly chipSize = 150;
  readonly seen: RgbImage[] = [];
  async embed(chip: RgbImage): Promise<Float32Array> {
    this.seen.push(chip);
    const values = new Float32Array(128).fill(1);
    values[0] = 3;
    const norm = Math.hypot(...values);
    return values.map((value) => value / norm);
  }
}

async function chipJpeg(side = 150): Promise<string> {
  const bytes = await sharp({
    create: { width: side, height: side, channels: 3, background: { r: 200, g: 120, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  return bytes.toString('base64');
}

function faceEvent(alignedChip: string): ReturnType<typeof newEnvelope<typeof faceDetected>> {
  return newEnvelope(
    faceDetected,
    {
      cameraId: 'cam-1',
      zone: 'north',
      trackId: 'F1.0',
      faceId: 'F1.0',
      frameId: 'F1',
      frameSequence: 4,
      capturedAt: '2026-01-01T10:00:00.000Z',
      box: { x: 10, y: 10, width: 80, height: 90 },
      landmarks: [
        { x: 30, y: 40 },
        { x: 60, y: 40 },
        { x: 45, y: 60 },
        { x: 45, y: 75 },
        { x: 20, y: 45 },
      ],
      detectorScore: 0.98,
      quality: 0.8,
      alignedChip,
    },
    { source: 'detect', cameraId: 'cam-1', correlationId: 'corr-1' },
  );
}

describe('EmbedFaceUseCase', () => {
  const setup = () => {
    const metrics = new EmbedMetrics(new ServiceMetrics('embed-test'));
    const embedder = new FakeEmbedder();
    const { publisher, sent } = recordingPublisher();
    const useCase = new EmbedFaceUseCase(new ChipDecoder(), embedder, publisher, metrics);
    return { metrics, embedder, sent, useCase };
  };

  it('publishes one faceEmbedded with a normalised template, the chip and the track ids', async () => {
    const { embedder, sent, useCase, metrics } = setup();
    const chip = await chipJpeg();
    const event = faceEvent(chip);
    await useCase.execute(event);

    expect(embedder.seen).toHaveLength(1);
    expect(embedder.seen[0]).toMatchObject({ width: 150, height: 150 });
    expect(sent).toHaveLength(1);
    const [topic, envelope] = sent[0];
    expect(topic).toBe('faces.embedded.v1');
    expect(envelope).toMatchObject({
      type: 'sightline.face.embedded',
      cameraId: 'cam-1',
      correlationId: 'corr-1',
      source: 'embed',
      payload: {
        cameraId: 'cam-1',
        zone: 'north',
        trackId: 'F1.0',
        faceId: 'F1.0',
        capturedAt: '2026-01-01T10:00:00.000Z',
        quality: 0.8,
        embedder: 'fake-embedder',
        alignedChip: chip,
      },
    });
    const template = (envelope.payload as { template: number[] }).template;
    expect(template).toHaveLength(128);
    expect(Math.hypot(...template)).toBeCloseTo(1, 5);
    expect(envelope.payload).not.toHaveProperty('landmarks');
    expect(await metrics.faces.get()).toMatchObject({
      values: [{ labels: { outcome: 'embedded' }, value: 1 }],
    });
  });

  it('refuses a chip that does not decode with INVALID_ARGUMENT and publishes nothing', async () => {
    const { sent, useCase, embedder, metrics } = setup();
    const failure = useCase.execute(faceEvent(Buffer.from('not a jpeg').toString('base64')));
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    expect(embedder.seen).toHaveLength(0);
    expect(sent).toHaveLength(0);
    expect(await metrics.faces.get()).toMatchObject({
      values: [{ labels: { outcome: 'undecodable' }, value: 1 }],
    });
  });

  it('refuses a chip of the wrong size rather than letting the model fail on it', async () => {
    const { sent, useCase } = setup();
    await expect(useCase.execute(faceEvent(await chipJpeg(112)))).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      message: expect.stringContaining('112x112'),
    });
    expect(sent).toHaveLength(0);
  });
});

describe('ForwardTrackClosedUseCase', () => {
  it('forwards the same payload on faces.embedded.v1 with camera and correlation kept', async () => {
    const { publisher, sent } = recordingPublisher();
    const payload = {
      cameraId: 'cam-1',
      zone: 'north',
      trackId: 'F1.0',
      firstSeenAt: '2026-01-01T10:00:00.000Z',
      lastSeenAt: '2026-01-01T10:00:03.000Z',
      closedAt: '2026-01-01T10:00:05.000Z',
      facesSeen: 12,
      facesSent: 2,
      bestQuality: 0.8,
      identification: 'attempted' as const,
    };
    const event = newEnvelope(trackClosed, payload, {
      source: 'detect',
      cameraId: 'cam-1',
      correlationId: 'corr-9',
    });
    await new ForwardTrackClosedUseCase(publisher).execute(event);
    expect(sent).toHaveLength(1);
    expect(sent[0][0]).toBe('faces.embedded.v1');
    expect(sent[0][1]).toMatchObject({
      type: 'sightline.track.closed',
      cameraId: 'cam-1',
      correlationId: 'corr-9',
      occurredAt: event.occurredAt,
      source: 'embed',
    });
    expect(sent[0][1].payload).toEqual(payload);
  });
});
