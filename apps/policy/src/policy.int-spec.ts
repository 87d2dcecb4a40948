import { credentials, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import {
  ContractRegistry,
  decodeEnvelope,
  encodeEnvelope,
  evidenceCaptured,
  newEnvelope,
  sightingRecorded,
  TOPICS,
  type EventEnvelope,
  type TopicDefinition,
} from '@sightline/contracts';
import { ensureTopics, partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { sightingsV1 } from '@sightline/proto';
import { Clock } from '@sightline/service-kit';
import {
  freePort,
  mintTestToken,
  mongoUrlFor,
  type ServiceProcess,
  startGroupAtEnd,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  withBearer,
} from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { alertIdFor } from './alerts/alert-id';
import { galleryOf } from './alerts/policy-gallery.fixture';
import { RebuildSightingsUseCase } from './sightings/rebuild-sightings.usecase';
import { SightingRepository } from './sightings/sighting.repository';
import { SightingsLogReader } from './sightings/sightings-log.reader';

/**
 * The real policy process against the real broker and FerretDB: a matched sighting delivered
 * twice (and re-emitted) raises exactly one alert, its evidence is stored once, a non-match raises
 * nothing, SightingService answers over gRPC, and a rebuild from sightings.v1 equals the projection.
 */
const kafka = new Kafka({
  clientId: 'it-policy',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});

async function publish(topic: TopicDefinition, events: readonly EventEnvelope[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: topic.name,
    acks: -1,
    messages: events.map((event) => ({
      key: partitionKeyOf(topic, event),
      value: encodeEnvelope(event),
    })),
  });
  await producer.disconnect();
}

/** Every decodable event of a topic, from the beginning to its current end. */
async function readToEnd(topic: TopicDefinition): Promise<EventEnvelope[]> {
  const registry = new ContractRegistry([topic]);
  const admin = kafka.admin();
  await admin.connect();
  const ends = (await admin.fetchTopicOffsets(topic.name)).filter(
    (p) => Number(p.high) > Number(p.low),
  );
  await admin.disconnect();
  const last = new Map<number, number>();
  const events: EventEnvelope[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('it-policy-read') });
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      last.set(partition, Number(message.offset));
      try {
        events.push(decodeEnvelope(message.value, registry));
      } catch {
        // Not ours to judge here.
      }
    },
  });
  await waitFor(
    () => ends.every((p) => (last.get(p.partition) ?? -1) >= Number(p.high) - 1),
    (done) => done,
    { what: `${topic.name} to be read to its end` },
  );
  await consumer.disconnect();
  return events;
}

function call<Req, Res>(
  client: sightingsV1.SightingServiceClient,
  method: 'querySightings' | 'listAlerts',
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    (
      client[method] as unknown as (
        r: Req,
        cb: (error: ServiceError | null, response: Res) => void,
      ) => void
    ).call(client, request, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

const query = (
  overrides: Partial<sightingsV1.QuerySightingsRequest>,
): sightingsV1.QuerySightingsRequest => ({
  cameraId: '',
  subjectId: '',
  watchlistId: '',
  timeRange: undefined,
  matchStatus: sightingsV1.MatchStatus.MATCH_STATUS_UNSPECIFIED,
  inferAttributes: [],
  pageSize: 0,
  pageToken: '',
  ...overrides,
});

describe('policy service', () => {
  const database = uniqueName('it_policy').replace(/-/g, '_');
  const rebuiltDatabase = `${database}_rebuilt`;
  let service: ServiceProcess | undefined;
  let client: sightingsV1.SightingServiceClient | undefined;

  afterAll(async () => {
    client?.close();
    await service?.stop('SIGKILL');
    for (const name of [database, rebuiltDatabase]) {
      const mongo = await MongoConnection.open({ url: mongoUrlFor(name) });
      await mongo.connection.dropDatabase();
      await mongo.close();
    }
  });

  it('projects, alerts once, stores evidence once, answers gRPC, and rebuilds equal', async () => {
    await ensureTopics(
      kafka,
      [TOPICS.galleries, TOPICS.sightings, TOPICS.evidence, TOPICS.alerts, TOPICS.audit],
      {
        replicationFactor: 1,
      },
    );
    const watchlistId = uniqueName('wl');
    const cameraId = uniqueName('cam');
    await publish(TOPICS.galleries, galleryOf(watchlistId, new Date(Date.now() + 86_400_000)));

    const grpcPort = await freePort();
    // Only this run's events: earlier runs' sightings (of watchlists long gone) are not its subject.
    const groupId = uniqueName('it-policy');
    await startGroupAtEnd(kafka, groupId, [
      TOPICS.sightings.name,
      TOPICS.evidence.name,
      TOPICS.audit.name,
    ]);
    service = startServiceProcess('apps/policy/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: groupId,
      MONGO_URL: mongoUrlFor(database),
      HTTP_PORT: '0',
      GRPC_PORT: String(grpcPort),
    });
    const httpUrl = await waitForHttpUrl(service);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
      (code) => code === 200,
      { what: 'policy to be ready (gallery replayed)', timeoutMs: 90_000 },
    );

    const t0 = Date.now() - 60_000;
    const at = (ms: number): string => new Date(t0 + ms).toISOString();
    const sighting = (trackId: string, startMs: number, match: EventEnvelope['payload']) =>
      newEnvelope(
        sightingRecorded,
        {
          cameraId,
          trackId,
          firstSeenAt: at(startMs),
          lastSeenAt: at(startMs + 2_000),
          facesSeen: 5,
          bestQuality: 0.77,
          match: match as never,
        },
        { source: 'it', cameraId },
      );
    const match = {
      status: 'matched',
      watchlistId,
      subjectId: 'subject-1',
      score: 0.83,
      faceId: 'frame-1.0',
      templateId: 'tpl-1',
      evidenceId: `ev-${cameraId}`,
    };
    const matched = sighting('track-1', 1_000, match);
    const reemitted = sighting('track-1', 1_000, match);
    const evidence = newEnvelope(
      evidenceCaptured,
      {
        evidenceId: `ev-${cameraId}`,
        cameraId,
        trackId: 'track-1',
        faceId: 'frame-1.0',
        capturedAt: at(1_500),
        watchlistId,
        subjectId: 'subject-1',
        score: 0.83,
        alignedChip: Buffer.from('not really a jpeg').toString('base64'),
        photoReference: 'photos/subject-1.jpg',
      },
      { source: 'it', cameraId },
    );
    await publish(TOPICS.evidence, [evidence, evidence]);
    await publish(TOPICS.sightings, [
      matched,
      matched,
      reemitted,
      sighting('track-2', 2_000, { status: 'none' }),
      sighting('track-3', 3_000, { status: 'not-attempted', reason: 'no-usable-face' }),
      // Same camera, same partition, last: once it is projected, everything before it was handled.
      sighting('track-4', 4_000, { status: 'none' }),
    ]);

    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    try {
      const sightings = mongo.connection.collection('sightings');
      await waitFor(
        () => sightings.findOne({ _id: `${cameraId}:track-4` } as object),
        (row) => row !== null,
        { what: 'the last sighting to be projected' },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\npolicy output:\n${service?.output().slice(-6000)}`);
      });
      expect(await sightings.countDocuments({ cameraId })).toBe(4);
      expect(await sightings.findOne({ _id: `${cameraId}:track-1` } as object)).toMatchObject({
        eventId: matched.id,
        matchStatus: 'matched',
        subjectId: 'subject-1',
      });
      const unmatched = await sightings.findOne({ _id: `${cameraId}:track-2` } as object);
      expect(Object.keys(unmatched ?? {}).sort()).toEqual(
        [
          '_id',
          'bestQuality',
          'cameraId',
          'eventId',
          'facesSeen',
          'firstSeenAt',
          'lastSeenAt',
          'matchStatus',
          'recordedAt',
          'trackId',
        ].sort(),
      );
      const indexes = (await sightings.indexes()).map((index) => JSON.stringify(index.key));
      expect(indexes).toEqual(
        expect.arrayContaining([
          JSON.stringify({ cameraId: 1, firstSeenAt: -1 }),
          JSON.stringify({ subjectId: 1, firstSeenAt: -1 }),
        ]),
      );

      const alerts = mongo.connection.collection('alerts');
      const alertId = alertIdFor(cameraId, 'track-1');
      expect(await alerts.countDocuments({ cameraId })).toBe(1);
      expect(await alerts.findOne({ _id: alertId } as object)).toMatchObject({
        status: 'pending_review',
        published: true,
        evidenceId: `ev-${cameraId}`,
        reviewMode: 'two-person',
        photoReference: 'photos/subject-1.jpg',
      });

      const evidenceRows = mongo.connection.collection('evidence');
      await waitFor(
        () => evidenceRows.countDocuments({ cameraId }),
        (count) => count === 1,
        { what: 'the evidence to be stored' },
      );
      expect(await evidenceRows.findOne({ _id: `ev-${cameraId}` } as object)).toMatchObject({
        trackId: 'track-1',
        faceId: 'frame-1.0',
        alignedChip: evidence.payload.alignedChip,
      });

      const raised = (await readToEnd(TOPICS.alerts)).filter(
        (event) =>
          event.type === 'sightline.alert.raised' &&
          (event.payload as { cameraId?: string }).cameraId === cameraId,
      );
      expect(raised).toHaveLength(1);
      expect(raised[0]?.payload).toMatchObject({
        alertId,
        trackId: 'track-1',
        watchlistId,
        subjectId: 'subject-1',
        status: 'pending_review',
        evidenceId: `ev-${cameraId}`,
        faceId: 'frame-1.0',
        photoReference: 'photos/subject-1.jpg',
        reviewMode: 'two-person',
      });
      const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `sightline_policy_alerts_raised_total\\{[^}]*watchlist="${watchlistId}"[^}]*\\} 1\\b`,
        ),
      );
      expect(metrics).toMatch(/sightline_policy_evidence_stored_total\{[^}]*\} [1-9]/);

      // gRPC: SightingService.
      client = new sightingsV1.SightingServiceClient(
        `127.0.0.1:${grpcPort}`,
        credentials.createInsecure(),
        withBearer(await mintTestToken('reviewer')),
      );
      const grpc = client;
      const byCamera = await call<
        sightingsV1.QuerySightingsRequest,
        sightingsV1.QuerySightingsResponse
      >(grpc, 'querySightings', query({ cameraId }));
      expect(byCamera.sightings.map((s) => s.trackId)).toEqual([
        'track-4',
        'track-3',
        'track-2',
        'track-1',
      ]);
      expect(byCamera.nextPageToken).toBe('');
      expect(byCamera.sightings[3]).toMatchObject({
        cameraId,
        matchStatus: sightingsV1.MatchStatus.MATCH_STATUS_MATCHED,
        watchlistId,
        subjectId: 'subject-1',
        score: 0.83,
        eventId: matched.id,
        facesSeen: 5,
        firstSeenAt: new Date(at(1_000)),
      });
      expect(byCamera.sightings[2]?.matchStatus).toBe(sightingsV1.MatchStatus.MATCH_STATUS_NONE);

      const bySubject = await call<
        sightingsV1.QuerySightingsRequest,
        sightingsV1.QuerySightingsResponse
      >(grpc, 'querySightings', query({ subjectId: 'subject-1', watchlistId }));
      expect(bySubject.sightings.map((s) => `${s.cameraId}:${s.trackId}`)).toEqual([
        `${cameraId}:track-1`,
      ]);

      const inRange = await call<
        sightingsV1.QuerySightingsRequest,
        sightingsV1.QuerySightingsResponse
      >(
        grpc,
        'querySightings',
        query({
          cameraId,
          timeRange: { start: new Date(at(2_000)), end: new Date(at(4_000)) },
        }),
      );
      expect(inRange.sightings.map((s) => s.trackId)).toEqual(['track-3', 'track-2']);

      const pages: string[][] = [];
      let token = '';
      do {
        const page = await call<
          sightingsV1.QuerySightingsRequest,
          sightingsV1.QuerySightingsResponse
        >(grpc, 'querySightings', query({ cameraId, pageSize: 3, pageToken: token }));
        pages.push(page.sightings.map((s) => s.trackId));
        token = page.nextPageToken;
      } while (token && pages.length < 5);
      expect(pages).toEqual([['track-4', 'track-3', 'track-2'], ['track-1']]);

      await expect(
        call(grpc, 'querySightings', query({ cameraId, pageSize: 1001 })),
      ).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
        details: expect.stringContaining('page_size') as unknown,
      });
      await expect(
        call(grpc, 'querySightings', query({ cameraId, pageToken: 'garbage' })),
      ).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
      await expect(
        call(
          grpc,
          'querySightings',
          query({ timeRange: { start: new Date(at(4_000)), end: new Date(at(1_000)) } }),
        ),
      ).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });

      const pending = await call<sightingsV1.ListAlertsRequest, sightingsV1.ListAlertsResponse>(
        grpc,
        'listAlerts',
        {
          status: sightingsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW,
          pageSize: 1000,
          pageToken: '',
        },
      );
      expect(pending.alerts.filter((a) => a.cameraId === cameraId)).toEqual([
        expect.objectContaining({
          alertId,
          evidenceId: `ev-${cameraId}`,
          status: sightingsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW,
          reviewMode: sightingsV1.ReviewMode.REVIEW_MODE_TWO_PERSON,
        }),
      ]);

      // Rebuild: replay sightings.v1 from the beginning into an empty database and compare.
      const rebuilt = await MongoConnection.open({ url: mongoUrlFor(rebuiltDatabase) });
      try {
        const report = await new RebuildSightingsUseCase(
          new SightingsLogReader(kafka),
          new Clock(),
        ).execute({
          live: new SightingRepository(mongo),
          target: new SightingRepository(rebuilt),
          groupPrefix: uniqueName('it-policy-rebuild'),
          cameraIds: [cameraId],
        });
        expect(report.diff).toMatchObject({
          equal: true,
          liveCount: 4,
          rebuiltCount: 4,
          missingFromLive: [],
          extraInLive: [],
          different: [],
        });
        expect(report.duplicates).toBeGreaterThanOrEqual(2);
        expect(report.messages).toBeGreaterThanOrEqual(6);
      } finally {
        await rebuilt.close();
      }
    } finally {
      await mongo.close();
    }
  });
});
