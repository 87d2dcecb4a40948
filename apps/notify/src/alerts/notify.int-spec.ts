import { credentials } from '@grpc/grpc-js';
import {
  alertRaised,
  alertReviewed,
  deadLetterTopicName,
  encodeEnvelope,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
} from '@sightline/contracts';
import { partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { alertsV1 } from '@sightline/proto';
import {
  freePort,
  mintTestToken,
  mongoUrlFor,
  readDeadLetters,
  type ServiceProcess,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  withBearer,
} from '@sightline/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const SECRET = 'int-test-webhook-secret-0123456789';

interface HookRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Checked the way a partner would, with node:crypto only (not our signer). */
function signatureIsValid(body: string, header: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const [, timestamp, digest] = match;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(digest ?? '', 'hex'));
}

/**
 * notify as it runs in production, against the real broker and database and a real HTTP
 * endpoint: an alert delivered twice reaches a flaky webhook once (after one retry), a broken
 * webhook's alert lands on the DLQ without holding the good one back, every attempt is on
 * deliveries.v1, and a live StreamAlerts client sees the alert exactly once.
 */
describe('notify (int)', () => {
  const database = uniqueName('it_notify').replace(/-/g, '_');
  const groupId = uniqueName('it-notify');
  const cameraId = uniqueName('cam');
  const requests: HookRequest[] = [];
  let hookServer: Server;
  let service: ServiceProcess | undefined;
  let deliveriesConsumer: Consumer | undefined;
  const kafka = new Kafka({
    clientId: 'it-notify',
    brokers: testInfra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });

  beforeAll(async () => {
    const answered = new Map<string, number>();
    hookServer = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const path = request.url ?? '';
        requests.push({ path, headers: request.headers, body });
        if (path.startsWith('/broken')) {
          response.writeHead(500).end();
          return;
        }
        // Flaky: the first request for each idempotency key fails, later ones succeed.
        const key = String(request.headers['x-sightline-idempotency-key']);
        const seen = answered.get(key) ?? 0;
        answered.set(key, seen + 1);
        response.writeHead(seen === 0 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await deliveriesConsumer?.disconnect();
    hookServer.closeAllConnections();
    await new Promise((resolve) => hookServer.close(resolve));
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('delivers, retries, dead-letters per endpoint and streams each alert once', async () => {
    const hookPort = (hookServer.address() as AddressInfo).port;
    const goodUrl = `http://127.0.0.1:${hookPort}/hook`;
    const brokenUrl = `http://127.0.0.1:${hookPort}/broken`;
    const grpcPort = await freePort();
    service = startServiceProcess('apps/notify/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: groupId,
      MONGO_URL: mongoUrlFor(database),
      HTTP_PORT: '0',
      GRPC_PORT: String(grpcPort),
      WEBHOOK_URLS: `${goodUrl},${brokenUrl}`,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    const httpUrl = await waitForHttpUrl(service, 120_000);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
      (status) => status === 200,
      { what: 'notify to be ready', timeoutMs: 120_000 },
    );

    // Every deliveryAttempted from now on, read from the end of the topic.
    const attempts: { alertId: string; target: string; attempt: number; outcome: string }[] = [];
    deliveriesConsumer = kafka.consumer({ groupId: uniqueName('it-deliveries') });
    await deliveriesConsumer.connect();
    await deliveriesConsumer.subscribe({ topic: TOPICS.deliveries.name, fromBeginning: false });
    await deliveriesConsumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value?.toString() ?? '{}') as {
          payload: (typeof attempts)[number];
        };
        attempts.push(envelope.payload);
      },
    });
    await waitFor(
      async () => (await deliveriesConsumer?.describeGroup())?.state,
      (state) => state === 'Stable',
      { what: 'the deliveries reader to join' },
    );

    const streamed: alertsV1.Alert[] = [];
    const client = new alertsV1.AlertServiceClient(
      `127.0.0.1:${grpcPort}`,
      credentials.createInsecure(),
      withBearer(await mintTestToken('reviewer')),
    );
    const call = client.streamAlerts({ cameraId });
    call.on('data', (response: alertsV1.StreamAlertsResponse) => {
      if (response.alert) streamed.push(response.alert);
    });
    call.on('error', () => undefined); // cancelled at the end
    await waitFor(
      () => fetch(`${httpUrl}/metrics`).then((response) => response.text()),
      (text) => /^sightline_notify_stream_subscribers\{[^}]*\} 1$/m.test(text),
      { what: 'the stream subscription to reach the server' },
    );

    const event = newEnvelope(
      alertRaised,
      {
        alertId: uniqueName('alert'),
        cameraId,
        trackId: 'frame-1.0',
        watchlistId: 'wl-int',
        subjectId: 'subject-int',
        score: 0.73,
        status: 'pending_review',
        raisedAt: new Date().toISOString(),
        faceId: 'frame-1.0',
        evidenceId: 'evidence-int',
        photoReference: 'gallery/subject-int/1.jpg',
        reviewMode: 'single',
      },
      { source: 'it', cameraId },
    );
    const alertId = event.payload.alertId;
    const confirmed = newEnvelope(
      alertReviewed,
      {
        alertId,
        reviewerId: 'reviewer-int',
        decision: 'confirm',
        reason: 'same person',
        status: 'confirmed',
      },
      { source: 'it', cameraId },
    );
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    // notify commits an offset only after its handler returned: past the second copy means both ran.
    const sendTwiceAndWait = async (envelope: EventEnvelope, what: string) => {
      const message = {
        key: partitionKeyOf(TOPICS.alerts, envelope),
        value: encodeEnvelope(envelope),
      };
      const [sent] = await producer.send({
        topic: TOPICS.alerts.name,
        acks: -1,
        messages: [message, message],
      });
      const secondCopy = BigInt(sent?.baseOffset ?? '0') + 1n;
      await waitFor(
        async () => {
          const [topic] = await admin.fetchOffsets({ groupId, topics: [TOPICS.alerts.name] });
          const partition = topic?.partitions.find((p) => p.partition === sent?.partition);
          return BigInt(partition?.offset ?? '-1');
        },
        (committed) => committed > secondCopy,
        { what: `notify to commit past both copies of ${what}`, timeoutMs: 60_000 },
      );
    };
    try {
      // Delivered twice on purpose: no endpoint and no stream client may see either twice.
      await sendTwiceAndWait(event, 'the raised alert');
      // Pending review: the reviewers' stream has it, no action channel does.
      expect(requests.filter((request) => request.body.includes(alertId))).toEqual([]);
      await sendTwiceAndWait(confirmed, 'its confirmation');
    } finally {
      await admin.disconnect();
      await producer.disconnect();
    }

    const forAlert = (path: string) =>
      requests.filter(
        (request) => request.path === path && JSON.parse(request.body).alertId === alertId,
      );
    const good = forAlert('/hook');
    expect(good.map((request) => request.headers['x-sightline-delivery-attempt'])).toEqual([
      '1',
      '2',
    ]);
    const goodKeys = new Set(good.map((request) => request.headers['x-sightline-idempotency-key']));
    expect(goodKeys.size).toBe(1);
    expect([...goodKeys][0]).toMatch(new RegExp(`^${alertId}:[0-9a-f]{16}$`));
    for (const request of good) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(signatureIsValid(request.body, String(request.headers['x-sightline-signature']))).toBe(
        true,
      );
      expect(JSON.parse(request.body)).toEqual({
        alertId,
        cameraId,
        trackId: 'frame-1.0',
        watchlistId: 'wl-int',
        subjectId: 'subject-int',
        score: 0.73,
        status: 'confirmed',
        raisedAt: event.payload.raisedAt,
        evidenceId: 'evidence-int',
        photoReference: 'gallery/subject-int/1.jpg',
      });
    }
    expect(
      forAlert('/broken').map((request) => request.headers['x-sightline-delivery-attempt']),
    ).toEqual(['1', '2', '3']);

    const summary = (target: string) =>
      attempts
        .filter((attempt) => attempt.alertId === alertId && attempt.target === target)
        .map((attempt) => `${attempt.attempt}:${attempt.outcome}`);
    await waitFor(
      () => attempts.filter((attempt) => attempt.alertId === alertId).length,
      (count) => count >= 5,
      { what: 'five deliveryAttempted events' },
    );
    expect(summary(goodUrl)).toEqual(['1:failed', '2:delivered']);
    expect(summary(brokenUrl)).toEqual(['1:failed', '2:failed', '3:dead-lettered']);

    const letters = await readDeadLetters(kafka, deadLetterTopicName(TOPICS.alerts.name), (all) =>
      all.some((letter) => letter.value.includes(alertId)),
    );
    const ours = letters.filter((letter) => letter.value.includes(alertId));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.headers).toMatchObject({
      'x-error-code': 'DEPENDENCY_UNAVAILABLE',
      'x-dead-letter-target': brokenUrl,
      'x-source-topic': TOPICS.alerts.name,
      'x-consumer-group': groupId,
      'x-attempts': '3',
    });
    // The dead letter holds the confirmation, so a redrive delivers exactly what was missed.
    expect(JSON.parse(ours[0]?.value ?? '{}')).toMatchObject({
      id: confirmed.id,
      type: 'sightline.alert.reviewed',
      payload: { alertId },
    });

    await waitFor(
      () => streamed.length,
      (count) => count >= 2,
      { what: 'the streamed alert, pending then confirmed' },
    );
    expect(streamed.map((alert) => alert.status)).toEqual([
      alertsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW,
      alertsV1.AlertStatus.ALERT_STATUS_CONFIRMED,
    ]);
    expect(streamed[0]).toMatchObject({
      idempotencyKey: alertId,
      alertId,
      cameraId,
      score: 0.73,
      status: alertsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW,
      reviewMode: alertsV1.ReviewMode.REVIEW_MODE_SINGLE,
    });
    expect(streamed[0]?.raisedAt?.toISOString()).toBe(event.payload.raisedAt);

    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    try {
      const rows = await mongo.connection
        .collection('deliveries')
        .find({ alertId })
        .sort({ target: 1 })
        .toArray();
      expect(rows.map((row) => [row['target'], row['status'], row['attempts']])).toEqual([
        [brokenUrl, 'dead-lettered', 3],
        [goodUrl, 'delivered', 2],
      ]);
    } finally {
      await mongo.close();
    }
    call.cancel();
    client.close();
  });
});
