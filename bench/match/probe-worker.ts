import { readGallerySnapshot } from '@sightline/matching';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ProbeJob, ProbeReport } from './probe-job';
import { runProbes } from './run-probes';

// One of the two concurrent searchers of the 2-thread measurement: it loads its own replica from
// the snapshot (as a second match replica would) and times its share of the probes.
const job = workerData as ProbeJob;
const { projection } = readGallerySnapshot(job.snapshotDir, job.projection);
const all = new Float32Array(readFileSync(job.probesPath).buffer.slice(0));
runProbes(projection, all, job.from, Math.min(job.to, job.from + 50), job.k); // JIT warm-up
parentPort?.once('message', () => {
  const report: ProbeReport = runProbes(projection, all, job.from, job.to, job.k);
  parentPort?.postMessage(report);
});
parentPort?.postMessage('ready');
