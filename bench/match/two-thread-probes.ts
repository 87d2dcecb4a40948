import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProbeJob, ProbeReport } from './probe-job';

export interface ConcurrentRun {
  readonly latenciesMs: number[];
  readonly top1: string[];
  readonly wallMs: number;
}

/**
 * Two worker_threads, each with its own replica loaded from the snapshot, search half the probes
 * each at the same time. Timing starts once both have loaded, so it measures searching only.
 */
export async function twoThreadProbes(
  repoRoot: string,
  job: Omit<ProbeJob, 'from' | 'to'>,
  probes: number,
): Promise<ConcurrentRun> {
  const half = Math.floor(probes / 2);
  const workers = [
    { from: 0, to: half },
    { from: half, to: probes },
  ].map(
    (range) =>
      new Worker(
        `require(${JSON.stringify(join(repoRoot, 'tools/scripts/run-ts.cjs'))}).register();` +
          `require(${JSON.stringify(join(__dirname, 'probe-worker.ts'))});`,
        { eval: true, workerData: { ...job, ...range } satisfies ProbeJob },
      ),
  );
  try {
    await Promise.all(workers.map((worker) => nextMessage(worker)));
    const started = performance.now();
    const reports = Promise.all(
      workers.map((worker) => nextMessage(worker) as Promise<ProbeReport>),
    );
    for (const worker of workers) worker.postMessage('go');
    const [first, second] = await reports;
    return {
      latenciesMs: [...first.latenciesMs, ...second.latenciesMs],
      top1: [...first.top1, ...second.top1],
      wallMs: performance.now() - started,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
