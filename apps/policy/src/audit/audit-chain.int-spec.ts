import {
  auditRecorded,
  encodeEnvelope,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
} from '@sightline/contracts';
import { ensureTopics, partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import {
  freePort,
  mongoUrlFor,
  startGroupAtEnd,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuditRecordRepository } from './audit-record.repository';
import { AUDIT_RECORDS_COLLECTION } from './audit-record.schema';
import { VerifyAuditChainUseCase } from './verify-audit-chain.usecase';

/**
 * The real policy process seals audit.v1 into the hash chain in Mongo, once per event however
 * often it is delivered; the verify use case (and the CLI over it) finds the chain intact, then
 * names exactly the record altered in the database, then the gap a deleted record leaves.
 */
const kafka = new Kafka({
  clientId: 'it-audit-chain',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const workspaceRoot = path.resolve(__dirname, '..', '..', '..', '..');
// libs/config now requires a token key of every process; the test's own, signing nothing here.
const AUTH = {
  AUTH_JWT_SECRET: process.env['AUTH_JWT_SECRET'] ?? 'it-audit-chain-secret-of-32-bytes!!',
};

async function publishAudit(events: readonly EventEnvelope[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic: TOPICS.audit.name,
      acks: -1,
      messages: events.map((event) => ({
        key: partitionKeyOf(TOPICS.audit, event),
        value: encodeEnvelope(event),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Runs `audit-cli.ts verify` against the test database; resolves with its exit code and stdout. */
async function runVerifyCli(database: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(workspaceRoot, 'tools/scripts/run-ts.cjs'),
        'apps/policy/src/audit/audit-cli.ts',
        'verify',
      ],
      { cwd: workspaceRoot, env: { ...process.env, ...AUTH, MONGO_URL: mongoUrlFor(database) } },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('audit chain (policy service, real Kafka and FerretDB)', () => {
  const database = uniqueName('it_audit').replace(/-/g, '_');
  let service: ServiceProcess | undefined;
  let mongo: MongoConnection | undefined;

  afterAll(async () => {
    await service?.stop('SIGKILL');
    if (mongo) {
      await mongo.connection.dropDatabase();
      await mongo.close();
    }
  });

  it('chains each event once, verifies intact, and names an altered record and a gap', async () => {
    const subscribed = [TOPICS.sightings, TOPICS.evidence, TOPICS.audit];
    await ensureTopics(kafka, [...subscribed, TOPICS.galleries, TOPICS.alerts], {
      replicationFactor: 1,
    });
    // A fresh group would replay every earlier run's audit events; start it at the current end.
    const groupId = uniqueName('it-audit-chain');
    await startGroupAtEnd(
      kafka,
      groupId,
      subscribed.map((topic) => topic.name),
    );
    service = startServiceProcess('apps/policy/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: groupId,
      MONGO_URL: mongoUrlFor(database),
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
      ...AUTH,
    });
    const httpUrl = await waitForHttpUrl(service);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
      (code) => code === 200,
      { what: 'policy to be ready', timeoutMs: 90_000 },
    );

    const actor = uniqueName('auditor');
    const events = ['enrol', 'search', 'review', 'export', 'refuse'].map((action, index) =>
      newEnvelope(
        auditRecorded,
        {
          actor: `${actor}-${index}`,
          role: 'reviewer',
          purpose: 'integration test',
          action: `it.${action}`,
          target: `case ${index}`,
          at: new Date(Date.now() + index).toISOString(),
          ...(index === 1 ? { databaseSearched: 'watchlist wl-it' } : {}),
          outcome: index === 4 ? 'refused' : 'allowed',
        },
        { source: 'it' },
      ),
    );
    // The first event twice: a redelivery must not chain it twice.
    await publishAudit([events[0] as EventEnvelope, ...events, events[0] as EventEnvelope]);

    mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    const stored = mongo.connection.collection<{ _id: number; eventId: string }>(
      AUDIT_RECORDS_COLLECTION,
    );
    const ourRecords = await waitFor(
      () =>
        stored
          .find({ eventId: { $in: events.map((event) => event.id) } })
          .sort({ _id: 1 })
          .toArray(),
      (rows) => rows.length === events.length,
      { what: 'the five audit events to be chained', timeoutMs: 60_000 },
    );
    // Chained in topic order, each once (other writers to audit.v1 may interleave records).
    expect(ourRecords.map((row) => row.eventId)).toEqual(events.map((event) => event.id));
    const sequences = ourRecords.map((row) => row._id);
    expect(await stored.countDocuments({ eventId: events[0]?.id })).toBe(1);
    expect(await stored.findOne({ _id: sequences[1] })).toMatchObject({
      databaseSearched: 'watchlist wl-it',
    });

    const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/sightline_audit_records_total(\{[^}]*\})? ([5-9]|\d{2,})\b/);
    // Nothing more will be chained while the database is tampered with below.
    await service.stop('SIGTERM');

    const verify = new VerifyAuditChainUseCase(new AuditRecordRepository(mongo));
    const intact = await verify.execute(2);
    expect(intact).toMatchObject({ intact: true });
    const total = intact.intact ? intact.count : 0;
    expect(total).toBeGreaterThanOrEqual(events.length);
    const head = await stored.find({}).sort({ _id: -1 }).limit(1).next();
    expect(intact).toEqual({
      intact: true,
      count: total,
      head: { sequence: head?._id, hash: (head as { hash?: string } | null)?.hash },
    });
    const cliIntact = await runVerifyCli(database);
    expect(cliIntact).toEqual({
      code: 0,
      stdout: `audit chain intact: ${total} records, head ${(head as { hash?: string } | null)?.hash}\n`,
    });

    // Alter one stored record: verify names exactly that record.
    const altered = sequences[2] as number;
    await stored.updateOne({ _id: altered }, { $set: { actor: 'mallory' } });
    await expect(verify.execute(2)).resolves.toEqual({
      intact: false,
      verified: altered - 1,
      broken: {
        sequence: altered,
        expectedSequence: altered,
        reason: 'altered-content',
        action: 'it.review',
        actor: 'mallory',
        at: events[2]?.payload.at,
      },
    });
    const cliBroken = await runVerifyCli(database);
    expect(cliBroken.code).toBe(3);
    expect(cliBroken.stdout).toContain(
      `audit chain BROKEN at record ${altered}: altered-content; action it.review, actor mallory`,
    );

    // Put it back: intact again. Then delete a middle record: verify names the gap after it.
    await stored.updateOne({ _id: altered }, { $set: { actor: `${actor}-2` } });
    await expect(verify.execute()).resolves.toMatchObject({ intact: true, count: total });
    const deleted = sequences[1] as number;
    await stored.deleteOne({ _id: deleted });
    await expect(verify.execute()).resolves.toEqual({
      intact: false,
      verified: deleted - 1,
      broken: {
        sequence: deleted + 1,
        expectedSequence: deleted,
        reason: 'out-of-sequence',
        action: 'it.review',
        actor: `${actor}-2`,
        at: events[2]?.payload.at,
      },
    });
  });
});
