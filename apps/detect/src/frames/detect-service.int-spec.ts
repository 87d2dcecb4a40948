/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { detectionDefaults } from '@sightline/config';
import {
  ContractRegistry,
  decodeEnvelope,
  deadLetterTopicName,
  encodeEnvelope,
  frameCaptured,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
} from '@sightline/contracts';
import { DEAD_LETTER_HEADERS, ensureTopics, partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import {
  freePort,
  mongoUrlFor,
  readDeadLetters,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { defaultModelDir } from './model-dir';
import { OnnxFaceVision } from './onnx-face-vision';
import type { FrameCapturedEnvelope } from './track-events';

/**
 * The detect service as a real process against the real broker and database: frames in on
 * frames.v1, each person's best faces and exactly one trackClosed per person out on
 * faces.detected.v1, a corrupt frame dead-lettered without stopping the camera, and faces seen
 * in a single frame (fewer than TRACK_MIN_HITS) discarded without any event.
 */
const kafka = new Kafka({
  clientId: 'it-detect',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const registry = new ContractRegistry([TOPICS.frames, TOPICS.facesDetected]);
const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const photo = readFileSync(join(demoDir, 'sample1.jpg'));
const T0 = Date.now() - 60_000;

interface FacePayload {
  trackId: string;
  faceId: string;
  frameId: string;
  alignedChip: string;
  quality: number;
}
interface ClosedPayload {
  trackId: string;
  identification: string;
  facesSeen: number;
  facesSent: number;
  closedAt: string;
  lastSeenAt: string;
}

function frame(
  cameraId: string,
  sequence: number,
  image: Buffer,
  options: { sensitive?: boolean; width?: number; height?: number } = {},
): FrameCapturedEnvelope {
  return newEnvelope(
    frameCaptured,
    {
      cameraId,
      frameId: `${cameraId}-f${sequence}`,
      capturedAt: new Date(T0 + sequence * 200).toISOString(),
      sequence,
      width: options.width ?? 640,
      height: options.height ?? 480,
      encoding: 'jpeg',
      image: image.toString('base64'),
      zone: 'north',
      sensitive: options.sensitive ?? false,
      source: 'file',
    },
    { source: 'it', cameraId },
  );
}

async function publishFrames(frames: FrameCapturedEnvelope[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // One frame per request, as ingest sends them: a batch of full-size photos passes the broker's
  // 1 MB request limit.
  for (const f of frames) {
    await producer.send({
      topic: TOPICS.frames.name,
      acks: -1,
      messages: [{ key: partitionKeyOf(TOPICS.frames, f), value: encodeEnvelope(f) }],
    });
  }
  await producer.disconnect();
}

/** Starts the group at the end of frames.v1, so the service ignores other runs' frames. */
async function startGroupAtEnd(groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(TOPICS.frames.name);
    await admin.setOffsets({
      groupId,
      topic: TOPICS.frames.name,
      partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
    });
  } finally {
    await admin.disconnect();
  }
}

describe('detect service', () => {
  const database = uniqueName('it_detect').replace(/-/g, '_');
  const groupId = uniqueName('it-detect');
  const camera = uniqueName('cam');
  const sensitiveCamera = uniqueName('cam-sensitive');
  const flickerCamera = uniqueName('cam-flicker');
  const events: EventEnvelope[] = [];
  let consumer: Consumer;
  let service: ServiceProcess | undefined;
  let expected: { faces: number; usable: number[] };

  beforeAll(async () => {
    // What the service must find, from the same adapter in-process.
    const vision = await OnnxFaceVision.create(defaultModelDir(), detectionDefaults());
    const image = await vision.decode(photo);
    const usable: number[] = [];
    const faces = await vision.detect(image);
    for (const [index, face] of faces.entries()) {
      const landmarks = await vision.landmarks(image, face);
      const quality = vision.quality(face, landmarks, vision.align(image, landmarks));
      if (quality.rejections.length === 0) usable.push(index);
    }
    await vision.onApplicationShutdown();
    expected = { faces: faces.length, usable };
    expect(expected.faces).toBe(3);
    expect(usable.length).toBeGreaterThanOrEqual(2);

    await ensureTopics(kafka, [TOPICS.frames, TOPICS.facesDetected], { replicationFactor: 1 });
    consumer = kafka.consumer({ groupId: uniqueName('it-detect-reader') });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.facesDetected.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = decodeEnvelope(message.value, registry);
        if ([camera, sensitiveCamera, flickerCamera].includes(event.cameraId ?? ''))
          events.push(event);
      },
    });
    await startGroupAtEnd(groupId);
    service = startServiceProcess('apps/detect/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: groupId,
      MONGO_URL: mongoUrlFor(database),
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
      TRACK_MAX_MISSED_FRAMES: '2',
      TRACK_MAX_IDLE_MS: '1500',
      // The frames are stamped a minute in the past, and a slow start must not make them stale.
      DETECT_MAX_FRAME_AGE_MS: '3600000',
    });
    const httpUrl = await waitForHttpUrl(service, 120_000);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((r) => r.status),
      (status) => status === 200,
      { what: 'detect to be ready', timeoutMs: 120_000 },
    );
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await consumer?.disconnect();
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('sends each person’s best face, closes one track per person, and dead-letters a corrupt frame', async () => {
    const meta = await sharp(photo).metadata();
    const size = { width: meta.width ?? 0, height: meta.height ?? 0 };
    const blank = await sharp({
      create: {
        width: size.width,
        height: size.height,
        channels: 3,
        background: { r: 128, g: 128, b: 128 },
      },
    })
      .jpeg()
      .toBuffer();
    const corrupt = frame(camera, 4, Buffer.from('definitely not a jpeg'), size);
    await publishFrames([
      frame(camera, 1, photo, size),
      frame(camera, 2, photo, size),
      frame(camera, 3, photo, size),
      corrupt,
      // Three empty frames: more than TRACK_MAX_MISSED_FRAMES, so every track closes on frame 7.
      frame(camera, 5, blank, size),
      frame(camera, 6, blank, size),
      frame(camera, 7, blank, size),
      // The sensitive camera just stops after confirming its tracks: they close by idleness.
      frame(sensitiveCamera, 1, photo, { ...size, sensitive: true }),
      frame(sensitiveCamera, 2, photo, { ...size, sensitive: true }),
      frame(sensitiveCamera, 3, photo, { ...size, sensitive: true }),
      // Seen in one frame only: tentative tracks, discarded by idleness without any event.
      frame(flickerCamera, 1, photo, size),
    ]);

    const ofCamera = (id: string) => events.filter((e) => e.cameraId === id);
    await waitFor(
      () => events.filter((e) => e.type === 'sightline.track.closed').length,
      (closed) => closed >= 2 * expected.faces,
      { what: 'every track of both cameras to close', timeoutMs: 90_000 },
    );

    const faces = ofCamera(camera).filter((e) => e.type === 'sightline.face.detected');
    const closed = ofCamera(camera).filter((e) => e.type === 'sightline.track.closed');
    const trackIds = [0, 1, 2].map((i) => `${camera}-f1.${i}`);
    // The same photo three times: each usable face is held on frame 1, sent when frame 3
    // confirms its track, and never beaten after.
    expect(faces.map((e) => (e.payload as FacePayload).faceId).sort()).toEqual(
      expected.usable.map((i) => `${camera}-f1.${i}`).sort(),
    );
    for (const face of faces) {
      const payload = face.payload as FacePayload;
      expect(payload.trackId).toBe(payload.faceId);
      expect([...Buffer.from(payload.alignedChip, 'base64').subarray(0, 2)]).toEqual([0xff, 0xd8]);
    }
    expect(closed.map((e) => (e.payload as ClosedPayload).trackId).sort()).toEqual(trackIds);
    for (const event of closed) {
      const payload = event.payload as ClosedPayload;
      const usable = expected.usable.some((i) => payload.trackId === `${camera}-f1.${i}`);
      expect(payload).toMatchObject({
        facesSeen: 3,
        facesSent: usable ? 1 : 0,
        identification: usable ? 'attempted' : 'no-usable-face',
        // Closed by the third empty frame, which proves frames after the corrupt one were processed.
        closedAt: new Date(T0 + 7 * 200).toISOString(),
        lastSeenAt: new Date(T0 + 3 * 200).toISOString(),
      });
    }
    // A track's faces come before its trackClosed.
    const order = ofCamera(camera).map((e) => e.type);
    expect(order.lastIndexOf('sightline.face.detected')).toBeLessThan(
      order.indexOf('sightline.track.closed'),
    );

    const sensitive = ofCamera(sensitiveCamera);
    expect(sensitive.every((e) => e.type === 'sightline.track.closed')).toBe(true);
    expect(sensitive.map((e) => (e.payload as ClosedPayload).trackId).sort()).toEqual(
      [0, 1, 2].map((i) => `${sensitiveCamera}-f1.${i}`),
    );
    for (const event of sensitive) {
      expect(event.payload).toMatchObject({
        identification: 'sensitive-camera',
        facesSeen: 3,
        facesSent: 0,
        closedAt: new Date(T0 + 3 * 200).toISOString(),
      });
    }

    const isCorrupt = (letter: { value: string }) =>
      (JSON.parse(letter.value) as { id?: string }).id === corrupt.id;
    const [dead] = (
      await readDeadLetters(kafka, deadLetterTopicName(TOPICS.frames.name), (letters) =>
        letters.some(isCorrupt),
      )
    ).filter(isCorrupt);
    expect(dead.headers[DEAD_LETTER_HEADERS.code]).toBe('INVALID_ARGUMENT');
    expect(dead.headers[DEAD_LETTER_HEADERS.message]).toContain(
      `frame ${camera}-f4 of camera ${camera} does not decode`,
    );

    // Nothing more arrives later (no duplicate closures from the idle timer).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(ofCamera(camera).filter((e) => e.type === 'sightline.track.closed')).toHaveLength(3);
    expect(ofCamera(sensitiveCamera)).toHaveLength(3);
    expect(ofCamera(flickerCamera)).toEqual([]);

    const metrics = await (
      await fetch(`${/"httpUrl":"([^"]+)"/.exec(service?.output() ?? '')?.[1]}/metrics`)
    ).text();
    expect(metrics).toMatch(/sightline_detect_frames_total\{[^}]*outcome="rejected"[^}]*\} 1/);
    expect(metrics).toMatch(
      /sightline_detect_tracks_closed_total\{[^}]*identification="sensitive-camera"[^}]*\} 3/,
    );
    expect(metrics).toMatch(/sightline_detect_tracks_discarded_total\{[^}]*reason="idle"[^}]*\} 3/);
  });
});
