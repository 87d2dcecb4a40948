import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BaselineFigures {
  readonly p50_ms_1t: number;
  readonly p99_ms_1t: number;
  readonly p50_ms_2t: number;
  readonly p99_ms_2t: number;
  readonly throughput_2t: number;
}

export interface HnswSweep extends BaselineFigures {
  readonly ef_search: number;
  readonly recall_at_1: number;
}

export interface BinaryFlatFigures extends BaselineFigures {
  readonly index: string;
  readonly recall_at_1: number;
  readonly bytes_per_template: number;
}

export interface BaselineReport {
  readonly numpy: BaselineFigures;
  readonly faiss_flat: BaselineFigures;
  /** FAISS IndexBinaryFlat over our sign codes + the same exact re-rank, when codes were given. */
  readonly faiss_binary?: BinaryFlatFigures;
  /** Absent when the HNSW build was skipped (it takes ~40 min at 1M on this machine). */
  readonly faiss_hnsw?: {
    readonly m: number;
    readonly ef_construction: number;
    readonly build_s: number;
    readonly bytes_per_template: number;
    readonly by_ef_search: Record<string, HnswSweep>;
  };
  readonly truth: number[];
  readonly versions: Record<string, string>;
}

/** Creates the venv on first use (pip from PyPI, never system-wide) and returns its python. */
export function benchPython(repoRoot: string): string {
  const venv = join(repoRoot, '.cache', 'bench-venv');
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  try {
    execFileSync(python, ['-c', 'import faiss, numpy'], { stdio: 'ignore' });
  } catch {
    execFileSync(python, ['-m', 'pip', 'install', '-q', 'numpy', 'faiss-cpu'], {
      stdio: 'inherit',
    });
  }
  return python;
}

export function runBaselines(
  python: string,
  script: string,
  files: {
    gallery: string;
    probes: string;
    out: string;
    galleryCodes?: string;
    probeCodes?: string;
  },
  dimension: number,
  exactProbes: number,
  options: { truthOnly: boolean; hnsw: boolean },
): BaselineReport {
  execFileSync(
    python,
    [
      script,
      files.gallery,
      files.probes,
      String(dimension),
      String(exactProbes),
      files.out,
      ...(options.truthOnly ? ['--truth-only'] : []),
      ...(files.galleryCodes && files.probeCodes
        ? ['--codes', files.galleryCodes, files.probeCodes]
        : []),
      ...(options.hnsw ? ['--hnsw'] : []),
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      // One BLAS/OpenMP thread per searching thread, so "1t" means one core for numpy too.
      env: {
        ...process.env,
        OMP_NUM_THREADS: '1',
        OPENBLAS_NUM_THREADS: '1',
        MKL_NUM_THREADS: '1',
      },
    },
  );
  return JSON.parse(readFileSync(files.out, 'utf8')) as BaselineReport;
}
