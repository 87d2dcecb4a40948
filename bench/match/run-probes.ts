import type { GalleryProjection } from '@sightline/matching';
import type { ProbeReport } from './probe-job';
import { DIMENSION } from './synthetic-gallery';

export const NOW = new Date('2026-01-01T00:00:00.000Z');

/** Times `search` + `revalidate` per probe: the work a match replica does before publishing. */
export function runProbes(
  projection: GalleryProjection,
  probes: Float32Array,
  from: number,
  to: number,
  k: number,
): ProbeReport {
  const latenciesMs: number[] = [];
  const top1: string[] = [];
  for (let p = from; p < to; p += 1) {
    const probe = probes.subarray(p * DIMENSION, (p + 1) * DIMENSION);
    const started = performance.now();
    const results = projection.revalidate(projection.search(probe, { now: NOW, k }), NOW);
    latenciesMs.push(performance.now() - started);
    top1.push(results[0]?.candidates[0]?.subjectId ?? '');
  }
  return { latenciesMs, top1 };
}
