import { credentials } from '@grpc/grpc-js';
import {
  ALL_TOPICS,
  encodeEnvelope,
  newEnvelope,
  sightingRecorded,
  TOPICS,
} from '@sightline/contracts';
import { ensureTopics, partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { healthV1 } from '@sightline/proto';
import {
  MESH_SERVICES,
  mongoUrlFor,
  startGroupAtEnd,
  TestMesh,
  testInfra,
  uniqueName,
  waitFor,
} from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { promisify } from 'node:util';

/**
 * The whole mesh as `npm run up` runs it: six real service processes against the real broker and
 * database. Each becomes ready over HTTP and gRPC, a sighting crosses Kafka into the policy
 * service's projection exactly once, and SIGTERM drains every service to a clean exit.
 */
describe('the mesh', () => {
  const database = uniqueName('e2e_mesh').replace(/-/g, '_');
  const run = uniqueName('e2e');
  let mesh: TestMesh | undefined;

  afterAll(async () => {
    await mesh?.stop('SIGKILL');
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('boots six ready services, projects a sighting once, and drains on SIGTERM', async () => {
    // Policy starts at today's end of its topics, not at every earlier run's sightings.
    const broker = new Kafka({ brokers: testInfra.kafkaBrokers, logLevel: logLevel.NOTHING });
    await ensureTopics(broker, ALL_TOPICS, { replicationFactor: 1 });
    await startGroupAtEnd(broker, `${run}.policy`, [TOPICS.sightings.name, TOPICS.evidence.name]);
    mesh = await TestMesh.start(
      { KAFKA_BROKERS: testInfra.kafkaBrokers.join(','), MONGO_URL: mongoUrlFor(database) },
      Object.fromEntries(
        MESH_SERVICES.map((service) => [service, { KAFKA_GROUP_ID: `${run}.${service}` }]),
      ),
    );
    for (const service of MESH_SERVICES) {
      const client = new healthV1.HealthServiceClient(
        mesh.member(service).grpcAddress,
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

    const exits = await mesh.stop('SIGTERM');
    expect(exits).toEqual(MESH_SERVICES.map(() => 0));
  });
});
