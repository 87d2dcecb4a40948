#!/usr/bin/env node
// kafkajs <-> local Kafka compatibility check.
//
//   node deploy/local/verify/kafkajs-compat.js          (broker from KAFKA_BROKERS, default 127.0.0.1:9092)
//
// Needs kafkajs in the repo's node_modules (npm ci). Exercises what Sightline
// services rely on: admin (describeCluster, createTopics, metadata, offsets,
// groups), produce (acks=-1, gzip, idempotent), consume in a group, manual
// offset commits, a rebalance when a second consumer joins and when it leaves,
// resume from committed offsets, and (informational) a transactional produce.
// Also records which protocol version kafkajs negotiated for each API.
// Exits non-zero if any required check fails. Uses a throw-away topic and
// group named sightline-compat-<timestamp> and deletes the topic afterwards.
'use strict';

const path = require('path');
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const { Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [repoRoot] }));

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const stamp = Date.now();
const topic = `sightline-compat-${stamp}`;
const groupId = `sightline-compat-${stamp}`;

const results = [];
const negotiated = new Map();
let failed = 0;

function record(name, ok, detail, required = true) {
  results.push({ name, ok, detail, required });
  if (!ok && required) failed++;
  const tag = ok ? 'PASS' : required ? 'FAIL' : 'WARN';
  console.log(`${tag}  ${name}${detail ? ' - ' + detail : ''}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred, timeoutMs, what) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (pred()) return Date.now() - t0;
    await sleep(50);
  }
  throw new Error(`timeout after ${timeoutMs} ms waiting for ${what}`);
}

const kafka = new Kafka({
  clientId: 'sightline-compat',
  brokers,
  logLevel: logLevel.ERROR,
  retry: { retries: 5 },
});

function instrument(client) {
  const { REQUEST } = client.events;
  client.on(REQUEST, (e) => {
    const key = `${e.payload.apiName}`;
    const v = negotiated.get(key) || new Set();
    v.add(e.payload.apiVersion);
    negotiated.set(key, v);
  });
}

async function main() {
  const admin = kafka.admin();
  instrument(admin);
  await admin.connect();

  const cluster = await admin.describeCluster();
  record(
    'admin.describeCluster',
    cluster.brokers.length === 1,
    `clusterId=${cluster.clusterId} controller=${cluster.controller} brokers=${JSON.stringify(cluster.brokers)}`,
  );

  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
  });
  record('admin.createTopics (2 partitions)', created === true);

  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  record(
    'admin.fetchTopicMetadata',
    md.topics[0].partitions.length === 2,
    `partitions=${md.topics[0].partitions.length}`,
  );

  // auto.create.topics.enable=false: metadata for an unknown topic must not create it
  try {
    await admin.fetchTopicMetadata({ topics: [`${topic}-missing`] });
    record('unknown topic is not auto-created', false, 'metadata call succeeded');
  } catch (e) {
    record('unknown topic is not auto-created', true, e.type || e.message);
  }

  // ---------- produce ----------
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  instrument(producer);
  await producer.connect();
  const batch1 = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v1-${i}` }));
  const r1 = await producer.send({ topic, acks: -1, messages: batch1 });
  record(
    'producer.send acks=-1 (10 msgs)',
    r1.every((x) => x.errorCode === 0),
    JSON.stringify(r1),
  );

  const { CompressionTypes } = require(require.resolve('kafkajs', { paths: [repoRoot] }));
  const r2 = await producer.send({
    topic,
    acks: -1,
    compression: CompressionTypes.GZIP,
    messages: Array.from({ length: 10 }, (_, i) => ({
      key: `k${i}`,
      value: `v2-${i}`,
      headers: { h: 'x' },
    })),
  });
  record(
    'producer.send gzip + headers (10 msgs)',
    r2.every((x) => x.errorCode === 0),
  );

  const idem = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  instrument(idem);
  await idem.connect();
  const r3 = await idem.send({
    topic,
    messages: Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `v3-${i}` })),
  });
  record(
    'idempotent producer (InitProducerId) (5 msgs)',
    r3.every((x) => x.errorCode === 0),
  );
  await idem.disconnect();
  const total1 = 25;

  // ---------- consume in a group + commit ----------
  const seenA = [];
  const joinsA = [];
  const consumerA = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    rebalanceTimeout: 10000,
  });
  instrument(consumerA);
  consumerA.on(consumerA.events.GROUP_JOIN, (e) => joinsA.push(e.payload));
  await consumerA.connect();
  await consumerA.subscribe({ topics: [topic], fromBeginning: true });
  const t0 = Date.now();
  await consumerA.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      seenA.push({ partition, offset: message.offset, value: message.value.toString() });
      await consumerA.commitOffsets([
        { topic, partition, offset: (Number(message.offset) + 1).toString() },
      ]);
    },
  });
  await waitFor(() => seenA.length >= total1, 30000, `consumer A to read ${total1} messages`);
  record(
    'consumer group join + fetch from beginning',
    seenA.length === total1,
    `${seenA.length} msgs in ${Date.now() - t0} ms, first join memberAssignment=${JSON.stringify(joinsA[0] && joinsA[0].memberAssignment)}`,
  );
  const gzipOk = seenA.some((m) => m.value.startsWith('v2-'));
  record('consume gzip-compressed batch', gzipOk);

  await sleep(300);
  const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committedSum = committed[0].partitions.reduce((s, p) => s + Number(p.offset), 0);
  record(
    'manual commitOffsets + admin.fetchOffsets',
    committedSum === total1,
    `committed=${JSON.stringify(committed[0].partitions)}`,
  );

  // ---------- rebalance: second consumer joins ----------
  const seenB = [];
  const joinsB = [];
  const consumerB = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    rebalanceTimeout: 10000,
  });
  instrument(consumerB);
  consumerB.on(consumerB.events.GROUP_JOIN, (e) => joinsB.push(e.payload));
  const joinsABefore = joinsA.length;
  const tJoin = Date.now();
  await consumerB.connect();
  await consumerB.subscribe({ topics: [topic], fromBeginning: true });
  await consumerB.run({
    autoCommit: true,
    eachMessage: async ({ partition, message }) => {
      seenB.push({ partition, offset: message.offset, value: message.value.toString() });
    },
  });
  await waitFor(
    () => joinsB.length >= 1 && joinsA.length > joinsABefore,
    30000,
    'both consumers to (re)join',
  );
  const assignA = joinsA[joinsA.length - 1].memberAssignment[topic] || [];
  const assignB = joinsB[joinsB.length - 1].memberAssignment[topic] || [];
  record(
    'rebalance when a 2nd consumer joins',
    assignA.length === 1 && assignB.length === 1,
    `${Date.now() - tJoin} ms; A=${JSON.stringify(assignA)} B=${JSON.stringify(assignB)}`,
  );
  record(
    '2nd consumer does not re-read committed messages',
    seenB.length === 0,
    `B read ${seenB.length}`,
  );

  const beforeA = seenA.length;
  await producer.send({
    topic,
    acks: -1,
    messages: Array.from({ length: 20 }, (_, i) => ({ key: `x${i}`, value: `v4-${i}` })),
  });
  await waitFor(
    () => seenA.length - beforeA + seenB.length >= 20,
    30000,
    '20 new messages across A and B',
  );
  record(
    'both group members consume after rebalance',
    seenA.length - beforeA > 0 && seenB.length > 0,
    `A got ${seenA.length - beforeA}, B got ${seenB.length}`,
  );

  // ---------- rebalance: second consumer leaves ----------
  const joinsABefore2 = joinsA.length;
  const tLeave = Date.now();
  await consumerB.disconnect();
  await waitFor(() => joinsA.length > joinsABefore2, 30000, 'A to rejoin after B left');
  const assignA2 = joinsA[joinsA.length - 1].memberAssignment[topic] || [];
  record(
    'rebalance when a consumer leaves (LeaveGroup)',
    assignA2.length === 2,
    `${Date.now() - tLeave} ms; A=${JSON.stringify(assignA2)}`,
  );
  await consumerA.disconnect();

  // ---------- resume from committed offsets ----------
  await producer.send({ topic, acks: -1, messages: [{ key: 'r', value: 'after-restart' }] });
  const seenC = [];
  const consumerC = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  instrument(consumerC);
  await consumerC.connect();
  await consumerC.subscribe({ topics: [topic], fromBeginning: true });
  await consumerC.run({
    eachMessage: async ({ message }) => {
      seenC.push(message.value.toString());
    },
  });
  await waitFor(
    () => seenC.includes('after-restart'),
    30000,
    'restarted consumer to see new message',
  );
  await sleep(500);
  record(
    'restarted group member resumes from committed offsets',
    seenC.length === 1,
    `read ${seenC.length}: ${JSON.stringify(seenC)}`,
  );
  await consumerC.disconnect();

  // ---------- groups admin ----------
  const groups = await admin.listGroups();
  record(
    'admin.listGroups',
    groups.groups.some((g) => g.groupId === groupId),
  );
  const desc = await admin.describeGroups([groupId]);
  record(
    'admin.describeGroups',
    desc.groups[0].groupId === groupId,
    `state=${desc.groups[0].state} protocol=${desc.groups[0].protocolType}`,
  );

  // ---------- transactions (informational) ----------
  try {
    const tp = kafka.producer({
      transactionalId: `sightline-compat-tx-${stamp}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    instrument(tp);
    await tp.connect();
    const tx = await tp.transaction();
    await tx.send({ topic, messages: [{ key: 't', value: 'tx' }] });
    await tx.commit();
    await tp.disconnect();
    record('transactional producer (InitProducerId/AddPartitionsToTxn/EndTxn)', true, '', false);
  } catch (e) {
    record(
      'transactional producer (InitProducerId/AddPartitionsToTxn/EndTxn)',
      false,
      `${e.name}: ${e.message}`,
      false,
    );
  }

  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  try {
    await admin.deleteGroups([groupId]);
  } catch (_) {
    /* informational */
  }
  record('admin.deleteTopics', true);
  await admin.disconnect();
}

main()
  .catch((e) => {
    failed++;
    console.error('FAIL  unexpected error:', e && (e.stack || e));
  })
  .finally(() => {
    console.log('\nnegotiated protocol versions (kafkajs -> broker):');
    for (const [api, vs] of [...negotiated.entries()].sort())
      console.log(`  ${api}: v${[...vs].sort((a, b) => a - b).join(',v')}`);
    const req = results.filter((r) => r.required);
    console.log(`\nkafkajs-compat: ${req.filter((r) => r.ok).length} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
