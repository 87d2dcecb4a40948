import { auditRecorded, ContractRegistry, decodeEnvelope, TOPICS } from '@sightline/contracts';
import type { SightlineConfig } from '@sightline/config';
import { governancePolicySchema } from '@sightline/governance';
import { ensureTopics, EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import { MongoConnection } from '@sightline/persistence';
import { AuditTrail, type Clock } from '@sightline/service-kit';
import { mongoUrlFor, readTopicToEnd, testInfra, uniqueName } from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { PurgeMatchEvidenceUseCase } from './purge-match-evidence.usecase';
import { PurgeSightingsLogUseCase } from './purge-sightings-log.usecase';
import { RetentionMetrics } from './retention-metrics';
import { RetentionRepository } from './retention.repository';

/**
 * The purges against the real FerretDB and broker: exactly the due rows go, confirmed-case
 * evidence and young rows stay, and each purge that deleted rows put one audit event on audit.v1.
 * Collection names are the read models' own (evidence, sightings, alerts).
 */
const kafka = new Kafka({
  clientId: 'it-retention',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const DAY = 86_400_000;

describe('retention purges (real Kafka and FerretDB)', () => {
  const database = uniqueName('it_retention').replace(/-/g, '_');
  const source = uniqueName('it-retention');
  let mongo: MongoConnection | undefined;
  let publisher: EventPublisher | undefined;

  afterAll(async () => {
    await publisher?.disconnect();
    if (mongo) {
      await mongo.connection.dropDatabase();
      await mongo.close();
    }
  });

  it('deletes exactly the due evidence and sightings and audits each purge once', async () => {
    await ensureTopics(kafka, [TOPICS.audit], { replicationFactor: 1 });
    mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const evidence = mongo.connection.collection<{ _id: string; capturedAt: Date }>('evidence');
    await evidence.insertMany([
      { _id: 'ev-old-pending', capturedAt: ago(45 * DAY) },
      { _id: 'ev-exactly-due', capturedAt: ago(30 * DAY) },
      { _id: 'ev-old-confirmed', capturedAt: ago(100 * DAY) },
      { _id: 'ev-young', capturedAt: ago(29 * DAY) },
    ]);
    await mongo.connection
      .collection<{ _id: string; status: string; evidenceId: string }>('alerts')
      .insertMany([
        { _id: 'alert-confirmed', status: 'confirmed', evidenceId: 'ev-old-confirmed' },
        { _id: 'alert-pending', status: 'pending_review', evidenceId: 'ev-old-pending' },
      ]);
    const sightings = mongo.connection.collection<{ _id: string; firstSeenAt: Date }>('sightings');
    await sightings.insertMany([
      { _id: 'cam:old', firstSeenAt: ago(91 * DAY) },
      { _id: 'cam:young', firstSeenAt: ago(89 * DAY) },
    ]);

    publisher = new EventPublisher(kafka);
    await publisher.connect();
    const clock = { now: () => now } as Clock;
    const trail = new AuditTrail(publisher, clock, {
      service: { name: source },
    } as SightlineConfig);
    const policy = governancePolicySchema.parse({
      maxWatchlistDays: 90,
      escalateAfterMinutes: 15,
      retentionDays: {
        'match-evidence': 30,
        'confirmed-case-evidence': 365,
        'sightings-log': 90,
        audit: 'forever',
      },
    });
    const rows = new RetentionRepository(mongo, {
      evidence: 'evidence',
      sightings: 'sightings',
      alerts: 'alerts',
    });
    const metrics = new RetentionMetrics(new ServiceMetrics('it-retention'));
    const purgeEvidence = new PurgeMatchEvidenceUseCase(rows, trail, metrics, clock, policy);
    const purgeSightings = new PurgeSightingsLogUseCase(rows, trail, metrics, clock, policy);

    await expect(purgeEvidence.execute()).resolves.toMatchObject({ purged: 2, kept: 1 });
    await expect(purgeSightings.execute()).resolves.toMatchObject({ purged: 1 });
    // A second run finds nothing due and audits nothing.
    await expect(purgeEvidence.execute()).resolves.toMatchObject({ purged: 0, kept: 1 });
    await expect(purgeSightings.execute()).resolves.toMatchObject({ purged: 0 });

    expect((await evidence.find({}).sort({ _id: 1 }).toArray()).map((row) => row._id)).toEqual([
      'ev-old-confirmed',
      'ev-young',
    ]);
    expect((await sightings.find({}).toArray()).map((row) => row._id)).toEqual(['cam:young']);

    const registry = new ContractRegistry([TOPICS.audit]);
    const audited = (await readTopicToEnd(kafka, TOPICS.audit.name, (v) => v.includes(source)))
      .map((record) => decodeEnvelope(Buffer.from(record.value), registry))
      .filter((event) => event.type === auditRecorded.type && event.source === source);
    const cutoff = (days: number) => ago(days * DAY).toISOString();
    expect(audited.map((event) => event.payload)).toEqual([
      {
        actor: 'retention-job',
        role: 'system',
        purpose: 'retention',
        action: 'purge.match-evidence',
        target: `evidence: 2 rows captured at or before ${cutoff(30)} (retention 30 days); 1 rows of confirmed cases kept`,
        at: now.toISOString(),
        outcome: 'allowed',
      },
      {
        actor: 'retention-job',
        role: 'system',
        purpose: 'retention',
        action: 'purge.sightings-log',
        target: `sightings: 1 rows first seen at or before ${cutoff(90)} (retention 90 days)`,
        at: now.toISOString(),
        outcome: 'allowed',
      },
    ]);
  });
});
