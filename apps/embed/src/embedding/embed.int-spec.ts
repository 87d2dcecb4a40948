/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import {
  ContractRegistry,
  decodeEnvelope,
  encodeEnvelope,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
} from '@sightline/contracts';
import { ensureTopics, partitionKeyOf } from '@sightline/messaging';
import {
  freePort,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import { createFacePipeline, dot, ImageDecoder, type AnalysedFace } from '@sightline/vision';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { faceDetected, trackClosed } from './face-events';

/**
 * The embed service as it runs in the mesh: a real process on the real broker with the real dlib
 * ResNet. A face aligned by @sightline/vision from a real photo goes in on faces.detected.v1; its
 * template comes out on faces.embedded.v1, followed by the track's closing event.
 */
const kafka = new Kafka({
  clientId: 'it-embed',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const registry = new ContractRegistry([TOPICS.facesEmbedded]);
const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

async function bestFaceOfSample1(): Promise<AnalysedFace> {
  const pipeline = await createFacePipeline({
    modelDir: join(process.cwd(), '.cache', 'models'),
    threads: 1,
  });
  try {
    const image = await new ImageDecoder().decode(readFileSync(join(demoDir, 'sample1.jpg')));
    const faces = (await pipeline.analyse(image)).filter((f) => f.template);
    return faces.sort((a, b) => b.quality.score - a.quality.score)[0];
  } finally {
    await pipeline.release();
  }
}

describe('embed service', () => {
  let service: ServiceProcess | undefined;
  let consumer: Consumer | undefined;
  afterEach(async () => {
    await consumer?.disconnect();
    await service?.stop('SIGKILL');
  });

  it('turns a real aligned face into a normalised 128-d template and forwards the track close', async () => {
    await ensureTopics(kafka, [TOPICS.facesDetected, TOPICS.facesEmbedded], {
      replicationFactor: 1,
    });
    const face = await bestFaceOfSample1();
    const chipJpeg = await sharp(Buffer.from(face.chip.data), {
      raw: { width: face.chip.width, height: face.chip.height, channels: 3 },
    })
      .jpeg({ quality: 95 })
      .toBuffer();

    service = startServiceProcess('apps/embed/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: uniqueName('it-embed'),
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
    });
    const httpUrl = await waitForHttpUrl(service, 120_000);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
      (status) => status === 200,
      { what: 'embed to load its model and join its group', timeoutMs: 120_000 },
    );

    const cameraId = uniqueName('cam');
    const received: EventEnvelope[] = [];
    consumer = kafka.consumer({ groupId: uniqueName('it-embed-out') });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.facesEmbedded.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = decodeEnvelope(message.value, registry);
        if (envelope.cameraId === cameraId) received.push(envelope);
      },
    });

    const capturedAt = new Date().toISOString();
    const detected = newEnvelope(
      faceDetected,
      {
        cameraId,
        zone: 'north',
        trackId: 'F1.0',
        faceId: 'F1.0',
        frameId: 'F1',
        frameSequence: 1,
        capturedAt,
        box: face.detection.box,
        landmarks: [
          face.landmarks.rightEye,
          face.landmarks.leftEye,
          face.landmarks.noseTip,
          face.landmarks.mouthCentre,
          face.landmarks.rightEye,
        ],
        detectorScore: Math.min(1, face.detection.score),
        quality: face.quality.score,
        alignedChip: chipJpeg.toString('base64'),
      },
      { source: 'it', cameraId },
    );
    const closed = newEnvelope(
      trackClosed,
      {
        cameraId,
        zone: 'north',
        trackId: 'F1.0',
        firstSeenAt: capturedAt,
        lastSeenAt: capturedAt,
        closedAt: capturedAt,
        facesSeen: 1,
        facesSent: 1,
        bestQuality: face.quality.score,
        identification: 'attempted',
      },
      { source: 'it', cameraId, correlationId: detected.correlationId },
    );
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: TOPICS.facesDetected.name,
      acks: -1,
      messages: [detected, closed].map((event) => ({
        key: partitionKeyOf(TOPICS.facesDetected, event),
        value: encodeEnvelope(event),
      })),
    });
    await producer.disconnect();

    await waitFor(
      () => received.length,
      (count) => count >= 2,
      { what: 'the embedded face and the forwarded close', timeoutMs: 60_000 },
    );
    const [embedded, forwarded] = received;
    expect(embedded).toMatchObject({
      type: 'sightline.face.embedded',
      correlationId: detected.correlationId,
      payload: {
        cameraId,
        zone: 'north',
        trackId: 'F1.0',
        faceId: 'F1.0',
        capturedAt,
        embedder: 'dlib-resnet-v1',
        alignedChip: chipJpeg.toString('base64'),
      },
    });
    const template = (embedded.payload as { template: number[] }).template;
    expect(template).toHaveLength(128);
    expect(Math.hypot(...template)).toBeCloseTo(1, 4);
    // The same face embedded in-process from the unencoded chip: JPEG costs almost nothing.
    expect(dot(Float32Array.from(template), face.template as Float32Array)).toBeGreaterThan(0.99);
    expect(forwarded).toMatchObject({
      type: 'sightline.track.closed',
      cameraId,
      correlationId: detected.correlationId,
      payload: closed.payload,
    });
  });
});
