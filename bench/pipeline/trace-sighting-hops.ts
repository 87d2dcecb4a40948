// Where a pipeline-bench camera's frame → sighting latency went, hop by hop (docs/benchmarks.md,
// ## Pipeline): run after the bench, with the camera and window a run printed.
//   node tools/scripts/run-ts.cjs bench/pipeline/trace-sighting-hops.ts <cameraId> [--window=<start>-<end>] [--slowest=15]
import { TOPICS } from '@sightline/contracts';
import { readTopicToEnd, testInfra } from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { percentile } from './prometheus-text';
import { sightingHops, type TimedTrackEvent } from './sighting-hops';

const cameraId = process.argv[2];
const slowestArg = process.argv.find((arg) => arg.startsWith('--slowest='));
const SLOWEST = slowestArg ? Number(slowestArg.slice('--slowest='.length)) : 15;
const windowArg = /^--window=(\d+)-(\d+)$/.exec(
  process.argv.find((arg) => arg.startsWith('--window=')) ?? '',
);
const window = windowArg ? { start: Number(windowArg[1]), end: Number(windowArg[2]) } : undefined;

interface TrackEventValue {
  readonly type: string;
  readonly payload: { readonly trackId: string; readonly closedAt?: string };
}

async function main(): Promise<void> {
  if (!cameraId || cameraId.startsWith('--'))
    throw new Error('usage: trace-sighting-hops.ts <cameraId>');
  const kafka = new Kafka({
    clientId: 'trace-sighting-hops',
    brokers: testInfra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const ofCamera = (value: string) => value.includes(`"cameraId":"${cameraId}"`);
  const closures = async (topic: string) =>
    (await readTopicToEnd(kafka, topic, ofCamera)).flatMap((record) => {
      const event = JSON.parse(record.value) as TrackEventValue;
      return event.type === 'sightline.track.closed'
        ? [{ ...event.payload, timestamp: record.timestamp }]
        : [];
    });
  const detected = (await closures(TOPICS.facesDetected.name)).map((closure) => ({
    trackId: closure.trackId,
    timestamp: closure.timestamp,
    closedAt: Date.parse(closure.closedAt ?? ''),
  }));
  const embedded: TimedTrackEvent[] = await closures(TOPICS.facesEmbedded.name);
  const sightings: TimedTrackEvent[] = (
    await readTopicToEnd(kafka, TOPICS.sightings.name, ofCamera)
  ).map((record) => ({
    trackId: (JSON.parse(record.value) as TrackEventValue).payload.trackId,
    timestamp: record.timestamp,
  }));
  const hops = sightingHops(detected, embedded, sightings, window);
  if (hops.length === 0) throw new Error(`no closed track of camera ${cameraId} has a sighting`);
  const first = hops[0]?.closedAt ?? 0;
  const sorted = (key: 'detectMs' | 'embedMs' | 'matchMs' | 'totalMs') =>
    hops.map((hop) => hop[key]).sort((a, b) => a - b);
  const scope = window ? 'in the window' : 'in all (no --window: idle closures included)';
  console.log(`${hops.length} sightings of camera ${cameraId} ${scope}; ms, p50 / p99 / max:`);
  for (const key of ['detectMs', 'embedMs', 'matchMs', 'totalMs'] as const) {
    const values = sorted(key);
    console.log(
      `  ${key.padEnd(9)} ${percentile(values, 0.5)} / ${percentile(values, 0.99)} / ${values.at(-1)}`,
    );
  }
  console.log(
    `the ${SLOWEST} slowest (s after the first closure: detect + embed + match = total):`,
  );
  for (const hop of [...hops].sort((a, b) => b.totalMs - a.totalMs).slice(0, SLOWEST)) {
    console.log(
      `  ${((hop.closedAt - first) / 1000).toFixed(2)} s: ${hop.detectMs} + ${hop.embedMs} + ${hop.matchMs} = ${hop.totalMs}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
