import { credentials, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import {
  encodeEnvelope,
  newEnvelope,
  sightingRecorded,
  TOPICS,
  type EventEnvelope,
  type TopicDefinition,
} from '@sightline/contracts';
import { ensureTopics, partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { sightingsV1 } from '@sightline/proto';
import {
  bearerMetadata,
  freePort,
  mintTestToken,
  mongoUrlFor,
  readTopicToEnd,
  startGroupAtEnd,
  startServiceProcess,
  testInfra,
  uniqueName,
  unary,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { alertIdFor } from './alert-id';
import { galleryOf } from './policy-gallery.fixture';

const kafka = new Kafka({
  clientId: 'it-alert-review',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});

async function publish(topic: TopicDefinition, events: readonly EventEnvelope[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topic.name,
    messages: events.map((event) => ({
      key: partitionKeyOf(topic, event),
      value: encodeEnvelope(event),
    })),
  });
  await producer.disconnect();
}

function matchedSighting(cameraId: string, trackId: string, watchlistId: string): EventEnvelope {
  const now = Date.now();
  return newEnvelope(
    sightingRecorded,
    {
      cameraId,
      trackId,
      firstSeenAt: new Date(now - 3_000).toISOString(),
      lastSeenAt: new Date(now - 1_000).toISOString(),
      facesSeen: 4,
      bestQuality: 0.8,
      match: {
        status: 'matched',
        watchlistId,
        subjectId: 'subject-1',
        score: 0.9,
        faceId: `${trackId}.face`,
        templateId: 'tpl-1',
        evidenceId: `ev-${cameraId}-${trackId}`,
      },
    },
    { source: 'it', cameraId },
  );
}

/**
 * Human review through the real policy service, broker and database: the two-person rule, the
 * independence of the reviewer from the enroller, action-channel events only on confirmation,
 * expired watchlists suppressed, and every decision and refusal sealed into the audit chain.
 */
describe('alert review (int)', () => {
  const database = uniqueName('it_review').replace(/-/g, '_');
  let service: ServiceProcess | undefined;
  let reviews: sightingsV1.AlertReviewServiceClient | undefined;

  afterAll(async () => {
    reviews?.close();
    await service?.stop('SIGKILL');
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('needs two independent reviewers, suppresses expired watchlists, refuses inference and audits it all', async () => {
    await ensureTopics(kafka, [TOPICS.galleries, TOPICS.sightings, TOPICS.alerts, TOPICS.audit], {
      replicationFactor: 1,
    });
    const watchlistId = uniqueName('wl');
    const expiredWatchlistId = uniqueName('wl-expired');
    const cameraId = uniqueName('cam');
    await publish(TOPICS.galleries, [
      ...galleryOf(watchlistId, new Date(Date.now() + 86_400_000)),
      ...galleryOf(expiredWatchlistId, new Date(Date.now() - 60_000)),
    ]);
    const groupId = uniqueName('it-review');
    await startGroupAtEnd(kafka, groupId, [
      TOPICS.sightings.name,
      TOPICS.evidence.name,
      TOPICS.audit.name,
    ]);
    const grpcPort = await freePort();
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
      { what: 'policy to be ready', timeoutMs: 90_000 },
    );

    await publish(TOPICS.sightings, [
      matchedSighting(cameraId, 'track-expired', expiredWatchlistId),
      matchedSighting(cameraId, 'track-1', watchlistId),
    ]);
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    try {
      const alerts = mongo.connection.collection('alerts');
      const alertId = alertIdFor(cameraId, 'track-1');
      await waitFor(
        () => alerts.findOne({ _id: alertId } as object),
        (row) => row !== null && row['published'] === true,
        { what: 'the alert to be raised' },
      );
      // The match on the expired watchlist became no alert.
      expect(await alerts.countDocuments({ cameraId })).toBe(1);

      const client = new sightingsV1.AlertReviewServiceClient(
        `127.0.0.1:${grpcPort}`,
        credentials.createInsecure(),
      );
      reviews = client;
      const review = async (
        subject: string,
        role: 'reviewer' | 'enroller',
        decision: sightingsV1.ReviewDecision,
      ) =>
        unary(
          client,
          client.reviewAlert as never,
          bearerMetadata(await mintTestToken(role, { subject })),
        )({ alertId, decision, reason: 'compared with the enrolment photo', purpose: 'case 7' });
      const CONFIRM = sightingsV1.ReviewDecision.REVIEW_DECISION_CONFIRM;
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (error: ServiceError) => ({ code: error.code, details: error.details }),
        );

      const first = (await review('reviewer-a', 'reviewer', CONFIRM)) as {
        alert: { status: number };
        confirmations: number;
        confirmationsRequired: number;
      };
      expect(first).toMatchObject({
        alert: { status: sightingsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW },
        confirmations: 1,
        confirmationsRequired: 2,
      });
      expect(await refusal(review('reviewer-a', 'reviewer', CONFIRM))).toEqual({
        code: GrpcStatus.FAILED_PRECONDITION,
        details: expect.stringContaining('POLICY.TWO_PERSON_REVIEW'),
      });
      expect(await refusal(review('enroller-it', 'reviewer', CONFIRM))).toEqual({
        code: GrpcStatus.FAILED_PRECONDITION,
        details: expect.stringContaining('POLICY.REVIEWER_IS_NOT_ENROLLER'),
      });
      expect(await refusal(review('enroller-it', 'enroller', CONFIRM))).toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
      const second = await review('reviewer-b', 'reviewer', CONFIRM);
      expect(second).toMatchObject({
        alert: { status: sightingsV1.AlertStatus.ALERT_STATUS_CONFIRMED },
        confirmations: 2,
      });
      expect(await alerts.findOne({ _id: alertId } as object)).toMatchObject({
        status: 'confirmed',
        outbox: [],
        confirmations: [
          expect.objectContaining({ reviewerId: 'reviewer-a' }),
          expect.objectContaining({ reviewerId: 'reviewer-b' }),
        ],
      });

      // On the log: the raise, a first confirmation that leaves it pending, then the confirmation.
      const onAlerts = await readTopicToEnd(kafka, TOPICS.alerts.name, (value) =>
        value.includes(alertId),
      );
      expect(
        onAlerts.map((record) => {
          const event = JSON.parse(record.value) as EventEnvelope<string, { status: string }>;
          return [event.type, event.payload.status];
        }),
      ).toEqual([
        ['sightline.alert.raised', 'pending_review'],
        ['sightline.alert.reviewed', 'pending_review'],
        ['sightline.alert.reviewed', 'confirmed'],
      ]);

      // Sealed into the chain, in order: every decision, every refusal, the suppression.
      const chained = mongo.connection.collection('audit_records');
      const mine = (row: Record<string, unknown>) =>
        row['target'] === alertId || row['target'] === alertIdFor(cameraId, 'track-expired');
      const expected = [
        ['alert.suppress.expired', 'suppressed', 'system'],
        ['alert.raise', 'allowed', 'system'],
        ['alert.confirm', 'allowed', 'reviewer'],
        ['alert.confirm', 'refused', 'reviewer'],
        ['alert.confirm', 'refused', 'reviewer'],
        ['alert.confirm', 'allowed', 'reviewer'],
      ];
      const records = await waitFor(
        async () => (await chained.find({}).sort({ _id: 1 }).toArray()).filter(mine),
        (rows) => rows.length >= expected.length,
        { what: 'the review audit records to be chained' },
      );
      expect(records.map((row) => [row['action'], row['outcome'], row['role']])).toEqual(expected);
      expect(records.map((row) => row['actor']).slice(2)).toEqual([
        'reviewer-a',
        'reviewer-a',
        'enroller-it',
        'reviewer-b',
      ]);
      const guardRefusals = await waitFor(
        async () =>
          chained.countDocuments({
            actor: 'enroller-it',
            role: 'enroller',
            outcome: 'refused',
          }),
        (count) => count === 1,
        { what: 'the refused enroller to be audited by the guard' },
      );
      expect(guardRefusals).toBe(1);

      // The law, not a role: no attribute of a person is ever inferred, and asking is audited.
      const sightings = new sightingsV1.SightingServiceClient(
        `127.0.0.1:${grpcPort}`,
        credentials.createInsecure(),
      );
      try {
        const asked = await refusal(
          unary(
            sightings,
            sightings.querySightings as never,
            bearerMetadata(await mintTestToken('reviewer', { subject: 'curious-reviewer' })),
          )({
            cameraId,
            subjectId: '',
            watchlistId: '',
            matchStatus: sightingsV1.MatchStatus.MATCH_STATUS_UNSPECIFIED,
            inferAttributes: ['age'],
            pageSize: 0,
            pageToken: '',
          }),
        );
        expect(asked).toEqual({
          code: GrpcStatus.FAILED_PRECONDITION,
          details: expect.stringContaining('POLICY.NO_DEMOGRAPHIC_INFERENCE'),
        });
        await waitFor(
          async () =>
            chained.countDocuments({
              actor: 'curious-reviewer',
              action: 'sightings.query',
              target: 'POLICY.NO_DEMOGRAPHIC_INFERENCE',
              outcome: 'refused',
            }),
          (count) => count === 1,
          { what: 'the refused attribute inference to be audited' },
        );
      } finally {
        sightings.close();
      }
    } finally {
      await mongo.close();
    }
  });
});
