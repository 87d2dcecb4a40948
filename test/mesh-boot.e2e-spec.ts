import { credentials } from '@grpc/grpc-js';
import { encodeEnvelope, newEnvelope, sightingRecorded, TOPICS } from '@sightline/contracts';
import { partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { healthV1 } from '@sightline/proto';
import {
  freePort,
  mongoUrlFor,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { promisify } from 'node:util';

/**
 * The whole mesh as `npm run up` runs it: six real service processes against the real broker and
 * database. Each becomes ready over HTTP and gRPC, a sighting crosses Kafka into the policy
 * service's projection exactly once, and SIGTERM drains every service to a clean exit.
 */
const SERVICES = ['ingest', 'detect', 'embed', 'match', 'policy', 'notify'] as const;

describe('the mesh', () => {
  const running = new Map<string, { process: ServiceProcess; httpUrl: string; grpcPort: string }>();
  const database = uniqueName('e2e_mesh').replace(/-/g, '_');
  const run = uniqueName('e2e');

  afterAll(async () => {
    await Promise.all([...running.values()].map(({ process }) => process.stop('SIGKILL')));
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('boots six ready services, projects a sighting once, and drains on SIGTERM', async () => {
    for (const service of SERVICES) {
      const grpcPort = String(await freePort());
      const process = startServiceProcess(`apps/${service}/src/main.ts`, {
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: `${run}.${service}`,
        MONGO_URL: mongoUrlFor(database),
        HTTP_PORT: '0',
        GRPC_PORT: grpcPort,
      });
      running.set(service, { process, httpUrl: '', grpcPort });
    }
    for (const [service, entry] of running) {
      const httpUrl = await waitForHttpUrl(entry.process, 120_000);
      running.set(service, { ...entry, httpUrl });
      await waitFor(
        () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
        (status) => status === 200,
        { what: `${service} to be ready`, timeoutMs: 120_000 },
      );
      const client = new healthV1.HealthServiceClient(
        `127.0.0.1:${entry.grpcPort}`,
        credentials.createInsecure(),
      );
      const check = promisify(client.check.bind(client)) as (
        request: healthV1.CheckRequest,
      ) => Promise<healthV1.CheckResponse>;
      expect((await check({ service: `sightline.${service}` })).status).toBe(
        healthV1.ServingStatus.SERVING_STATUS_SERVING,
      );
      client.close();
    }

    const cameraId = uniqueName('cam');
    const sighting = newEnvelope(
      sightingRecorded,
      {
        cameraId,
        trackId: 'track-1',
        firstSeenAt: new Date(Date.now() - 4_000).toISOString(),
        lastSeenAt: new Date().toISOString(),
        facesSeen: 9,
        bestQuality: 0.74,
        match: { status: 'none' },
      },
      { source: 'e2e', cameraId },
    );
    const kafka = new Kafka({
      clientId: 'e2e',
      brokers: testInfra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const message = {
      key: partitionKeyOf(TOPICS.sightings, sighting),
      value: encodeEnvelope(sighting),
    };
    // Delivered twice on purpose: the projection must hold it once.
    const [sent] = await producer.send({
      topic: TOPICS.sightings.name,
      acks: -1,
      messages: [message, message],
    });
    await producer.disconnect();

    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    try {
      const sightings = mongo.connection.collection('sightings');
      const row = await waitFor(
        () => sightings.findOne({ _id: `${cameraId}:track-1` } as object),
        (found) => found !== null,
        { what: 'the sighting in the policy projection' },
      );
      expect(row).toMatchObject({ eventId: sighting.id, matchStatus: 'none', facesSeen: 9 });
      // The row appears during the first delivery. Policy commits an offset only after its handler
      // succeeded, so a committed offset past the second copy means both copies were handled.
      const admin = kafka.admin();
      await admin.connect();
      try {
        const secondCopy = BigInt(sent?.baseOffset ?? '0') + 1n;
        await waitFor(
          async () => {
            const [topic] = await admin.fetchOffsets({
              groupId: `${run}.policy`,
              topics: [TOPICS.sightings.name],
            });
            const partition = topic?.partitions.find((p) => p.partition === sent?.partition);
            return BigInt(partition?.offset ?? '-1');
          },
          (committed) => committed > secondCopy,
          { what: 'policy to commit past both deliveries' },
        );
      } finally {
        await admin.disconnect();
      }
      expect(await sightings.countDocuments({ cameraId })).toBe(1);
    } finally {
      await mongo.close();
    }

    const exits = await Promise.all(
      [...running.values()].map(({ process }) => process.stop('SIGTERM')),
    );
    expect(exits).toEqual(SERVICES.map(() => 0));
  });
});
