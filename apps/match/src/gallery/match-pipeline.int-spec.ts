/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { credentials } from '@grpc/grpc-js';
import {
  ContractRegistry,
  decodeEnvelope,
  encodeEnvelope,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
} from '@sightline/contracts';
import { ensureTopics, partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { galleryV1 } from '@sightline/proto';
import {
  freePort,
  mintTestToken,
  mongoUrlFor,
  type ServiceProcess,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  withBearer,
} from '@sightline/testing';
import {
  createFacePipeline,
  DLIB_RESNET_MATCH_THRESHOLD,
  dot,
  ImageDecoder,
  type AnalysedFace,
  type FacePipeline,
} from '@sightline/vision';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { faceEmbedded, trackClosed } from './probe-events';

/**
 * The match service end to end on real infrastructure: a watchlist is created and a person enrolled
 * from a real photo over gRPC; faces of that person and of someone else then arrive on
 * faces.embedded.v1 (templates from the real pipeline), each track followed by its close. One
 * matched sighting with its evidence, one sighting without a match, and no template or chip left in
 * match's database.
 */
const kafka = new Kafka({
  clientId: 'it-match',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const registry = new ContractRegistry([TOPICS.sightings, TOPICS.evidence]);
const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const decoder = new ImageDecoder();

/** A crop around one face, wide enough to look like a portrait and to hold nobody else. */
async function portraitOf(photo: Buffer, face: AnalysedFace): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const { box } = face.detection;
  const margin = 0.35 * Math.max(box.width, box.height);
  const left = Math.max(0, Math.round(box.x - margin));
  const top = Math.max(0, Math.round(box.y - margin));
  return sharp(photo)
    .extract({
      left,
      top,
      width: Math.min(width - left, Math.round(box.width + 2 * margin)),
      height: Math.min(height - top, Math.round(box.height + 2 * margin)),
    })
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function chipJpeg(face: AnalysedFace): Promise<string> {
  const bytes = await sharp(Buffer.from(face.chip.data), {
    raw: { width: face.chip.width, height: face.chip.height, channels: 3 },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
  return bytes.toString('base64');
}

async function onlyFace(pipeline: FacePipeline, bytes: Buffer): Promise<AnalysedFace> {
  const faces = await pipeline.analyse(await decoder.decode(bytes));
  expect(faces).toHaveLength(1);
  expect(faces[0].template).toBeDefined();
  return faces[0];
}

describe('match service probe pipeline', () => {
  const database = uniqueName('it_match').replace(/-/g, '_');
  let service: ServiceProcess | undefined;
  let consumer: Consumer | undefined;
  let pipeline: FacePipeline | undefined;
  let client: galleryV1.GalleryServiceClient | undefined;
  let adminClient: galleryV1.GalleryServiceClient | undefined;

  afterAll(async () => {
    client?.close();
    adminClient?.close();
    await consumer?.disconnect();
    await service?.stop('SIGKILL');
    await pipeline?.release();
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('enrols over gRPC, records one matched and one unmatched sighting, and keeps no biometrics', async () => {
    await ensureTopics(
      kafka,
      [TOPICS.facesEmbedded, TOPICS.galleries, TOPICS.sightings, TOPICS.evidence],
      {
        replicationFactor: 1,
      },
    );
    pipeline = await createFacePipeline({
      modelDir: join(process.cwd(), '.cache', 'models'),
      threads: 1,
    });
    const photo = readFileSync(join(demoDir, 'sample1.jpg'));
    const usable = (await pipeline.analyse(await decoder.decode(photo)))
      .filter((face) => face.template && face.quality.rejections.length === 0)
      .sort((a, b) => b.quality.score - a.quality.score);
    expect(usable.length).toBeGreaterThanOrEqual(2);
    const [personA, personB] = usable;

    // Enrolment photo of A: a portrait crop. Probe of A: the same crop mirrored and shrunk, a
    // different image of the same face. Probe of B: B's face from the group photo.
    const portrait = await portraitOf(photo, personA);
    const probeA = await onlyFace(
      pipeline,
      await sharp(portrait)
        .flop()
        .resize({ width: Math.round(((await sharp(portrait).metadata()).width ?? 0) * 0.8) })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    const enrolledA = await onlyFace(pipeline, portrait);
    expect(
      dot(probeA.template as Float32Array, enrolledA.template as Float32Array),
    ).toBeGreaterThan(DLIB_RESNET_MATCH_THRESHOLD);
    expect(dot(personB.template as Float32Array, enrolledA.template as Float32Array)).toBeLessThan(
      DLIB_RESNET_MATCH_THRESHOLD,
    );

    const grpcPort = await freePort();
    service = startServiceProcess('apps/match/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: uniqueName('it-match'),
      MONGO_URL: mongoUrlFor(database),
      HTTP_PORT: '0',
      GRPC_PORT: String(grpcPort),
    });
    const httpUrl = await waitForHttpUrl(service, 120_000);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
      (status) => status === 200,
      { what: 'match to replay the gallery and join its group', timeoutMs: 120_000 },
    );

    // The admin creates the watchlist and the enroller enrols: separate duties, separate tokens.
    client = new galleryV1.GalleryServiceClient(
      `127.0.0.1:${grpcPort}`,
      credentials.createInsecure(),
      withBearer(await mintTestToken('enroller')),
    );
    adminClient = new galleryV1.GalleryServiceClient(
      `127.0.0.1:${grpcPort}`,
      credentials.createInsecure(),
      withBearer(await mintTestToken('admin')),
    );
    const createWatchlist = promisify(adminClient.createWatchlist.bind(adminClient)) as (
      request: galleryV1.CreateWatchlistRequest,
    ) => Promise<galleryV1.CreateWatchlistResponse>;
    const enrolSubject = promisify(client.enrolSubject.bind(client)) as (
      request: galleryV1.EnrolSubjectRequest,
    ) => Promise<galleryV1.EnrolSubjectResponse>;

    const zone = uniqueName('zone');
    const { watchlistId } = await createWatchlist({
      name: 'Integration watchlist',
      purpose: 'integration test',
      legalBasis: 'test order 1',
      authorisedBy: 'Judge Test',
      owner: 'QA',
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      zones: [zone],
      threshold: DLIB_RESNET_MATCH_THRESHOLD,
      reviewMode: galleryV1.ReviewMode.REVIEW_MODE_SINGLE,
    });
    expect(watchlistId).toMatch(/^wl-/);

    // A group photo is rejected with its reason; the portrait is enrolled.
    const enrolled = await enrolSubject({
      watchlistId,
      displayName: 'Person A',
      legalBasis: 'test order 1, annex A',
      sourceReference: 'case IT-1',
      enrolledBy: 'enroller',
      photos: [
        { image: portrait, reference: 'case-IT-1/portrait.jpg' },
        { image: photo, reference: 'case-IT-1/group.jpg' },
      ],
    });
    expect(enrolled.templateIds).toHaveLength(1);
    expect(enrolled.rejectedPhotos).toEqual([
      { reference: 'case-IT-1/group.jpg', reason: expect.stringMatching(/^\d+ faces found/) },
    ]);
    // Scraping is refused outright.
    await expect(
      enrolSubject({
        watchlistId,
        displayName: 'Person C',
        legalBasis: 'none',
        sourceReference: 'https://www.facebook.com/someone',
        enrolledBy: 'enroller',
        photos: [{ image: portrait, reference: 'https://www.facebook.com/someone/photo.jpg' }],
      }),
    ).rejects.toMatchObject({ code: 9, details: expect.stringContaining('never built here') });

    const cameraId = uniqueName('cam');
    const received: EventEnvelope[] = [];
    const appendedAt = new Map<string, string>();
    consumer = kafka.consumer({ groupId: uniqueName('it-match-out') });
    await consumer.connect();
    await consumer.subscribe({
      topics: [TOPICS.sightings.name, TOPICS.evidence.name],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = decodeEnvelope(message.value, registry);
        if (envelope.cameraId !== cameraId) return;
        received.push(envelope);
        appendedAt.set(envelope.id, message.timestamp);
      },
    });

    const now = Date.now();
    const events: EventEnvelope[] = [];
    for (const [trackId, face] of [
      ['TA.0', probeA],
      ['TB.0', personB],
    ] as const) {
      const capturedAt = new Date(now).toISOString();
      const embedded = newEnvelope(
        faceEmbedded,
        {
          cameraId,
          zone,
          trackId,
          faceId: `${trackId}.f`,
          capturedAt,
          quality: face.quality.score,
          template: Array.from(face.template as Float32Array),
          embedder: 'dlib-resnet-v1',
          alignedChip: await chipJpeg(face),
        },
        { source: 'it', cameraId },
      );
      events.push(
        embedded,
        newEnvelope(
          trackClosed,
          {
            cameraId,
            zone,
            trackId,
            firstSeenAt: capturedAt,
            lastSeenAt: capturedAt,
            closedAt: new Date(now + 1_000).toISOString(),
            facesSeen: 3,
            facesSent: 1,
            bestQuality: face.quality.score,
            identification: 'attempted',
          },
          { source: 'it', cameraId, correlationId: embedded.correlationId },
        ),
      );
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: TOPICS.facesEmbedded.name,
      acks: -1,
      messages: events.map((event) => ({
        key: partitionKeyOf(TOPICS.facesEmbedded, event),
        value: encodeEnvelope(event),
      })),
    });
    // A redelivered close of A's track publishes nothing more.
    await producer.send({
      topic: TOPICS.facesEmbedded.name,
      acks: -1,
      messages: [events[1]].map((event) => ({
        key: partitionKeyOf(TOPICS.facesEmbedded, event),
        value: encodeEnvelope(event),
      })),
    });
    await producer.disconnect();

    await waitFor(
      () => received.length,
      (count) => count >= 3,
      { what: 'two sightings and one evidence', timeoutMs: 60_000 },
    );
    // Give a wrongly duplicated event the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const sightings = received.filter((e) => e.type === 'sightline.sighting.recorded');
    const evidence = received.filter((e) => e.type === 'sightline.evidence.captured');
    expect(sightings).toHaveLength(2);
    expect(evidence).toHaveLength(1);
    const sightingOf = (trackId: string) =>
      sightings.find((e) => (e.payload as { trackId: string }).trackId === trackId);
    expect(sightingOf('TA.0')?.payload).toMatchObject({
      match: {
        status: 'matched',
        watchlistId,
        subjectId: enrolled.subjectId,
        templateId: enrolled.templateIds[0],
        faceId: 'TA.0.f',
        evidenceId: 'ev-TA.0.f',
      },
    });
    expect(
      (sightingOf('TA.0')?.payload as { match: { score: number } }).match.score,
    ).toBeGreaterThan(DLIB_RESNET_MATCH_THRESHOLD);
    expect(sightingOf('TB.0')?.payload).toMatchObject({ match: { status: 'none' } });
    expect(evidence[0].payload).toMatchObject({
      evidenceId: 'ev-TA.0.f',
      cameraId,
      trackId: 'TA.0',
      faceId: 'TA.0.f',
      watchlistId,
      subjectId: enrolled.subjectId,
      alignedChip: await chipJpeg(probeA),
      photoReference: 'case-IT-1/portrait.jpg',
    });
    // Evidence was written (acknowledged) before the sighting that points at it.
    expect(Number(appendedAt.get(evidence[0].id))).toBeLessThanOrEqual(
      Number(appendedAt.get(sightingOf('TA.0')?.id ?? '')),
    );

    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    try {
      const db = mongo.connection.db;
      if (!db) throw new Error('no database handle');
      const documents: Record<string, unknown[]> = {};
      for (const { name } of await db.listCollections().toArray()) {
        documents[name] = await db.collection(name).find({}).toArray();
      }
      expect(documents['track_hits'] ?? []).toHaveLength(0);
      // The topic also holds other runs' tracks (closed here too); look at this camera's.
      expect(
        (documents['closed_tracks'] ?? [])
          .map((d) => (d as { _id: string })._id)
          .filter((id) => id.startsWith(`${cameraId}:`))
          .sort(),
      ).toEqual([`${cameraId}:TA.0`, `${cameraId}:TB.0`]);
      const stored = JSON.stringify(documents);
      expect(stored).not.toContain('alignedChip');
      expect(stored).not.toContain('template"');
      expect(stored).not.toContain((await chipJpeg(probeA)).slice(0, 64));
    } finally {
      await mongo.close();
    }
  });
});
