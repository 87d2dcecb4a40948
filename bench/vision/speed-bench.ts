import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BlazeFaceLandmarker,
  DlibResnetEmbedder,
  FaceAligner,
  FaceLandmark68Landmarker,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  cosineSimilarity,
  createFacePipeline,
  resizeRgb,
  type DetectedFace,
  type RgbImage,
} from '@sightline/vision';
import { detectionDefaults } from '@sightline/config';
import { REPO_ROOT, modelDir } from './bench-paths';
import { ProgressBar } from './progress-bar';
import { saveResults } from './results-store';

const DEMO = join(REPO_ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');
const FRAME_SIZES: readonly [number, number][] = [
  [320, 240],
  [640, 480],
  [1280, 720],
];

/** detect's defaults (libs/config), so the bench times what the service runs. */
const { minFacePx, maxInputSide } = detectionDefaults();
const DETECT_OPERATING_POINT = { minFaceSize: minFacePx, maxInputSide };

/** Medians of two functions timed alternately, `runs` times each after `warmup` rounds. */
async function medianMsPaired(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs: number,
  warmup = 3,
): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < warmup + runs; i++) {
    for (const [k, fn] of [a, b].entries()) {
      const t = process.hrtime.bigint();
      await fn();
      if (i >= warmup) times[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return [median(times[0]), median(times[1])];
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median of `runs` timed calls after `warmup` untimed ones: robust to a noisy shared machine. */
async function medianMs(fn: () => Promise<unknown>, runs: number, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

interface PeerRun {
  readonly msPerFace: number;
  readonly descriptors: Float32Array[];
}

/** dlib's C++ ResNet with the original float weights (bench/vision/peer), on the same chips. */
function runDlibPeer(chips: readonly RgbImage[], threads: number): PeerRun | undefined {
  let peerDir: string;
  try {
    peerDir = execFileSync('bash', [join(REPO_ROOT, 'bench', 'vision', 'peer', 'build-peer.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .toString()
      .trim();
  } catch {
    console.warn(
      '[speed] dlib peer unavailable (see bench/vision/peer/build-peer.sh); peer figures skipped',
    );
    return undefined;
  }
  const chipsPath = join(peerDir, 'chips.rgb');
  const outPath = join(peerDir, 'descriptors.f32');
  writeFileSync(chipsPath, Buffer.concat(chips.map((c) => Buffer.from(c.data))));
  const stdout = execFileSync(
    join(peerDir, 'dlib_embed_peer'),
    [
      join(peerDir, 'dlib_face_recognition_resnet_model_v1.dat'),
      chipsPath,
      String(chips.length),
      outPath,
    ],
    // dlib's CPU convolutions run through BLAS; this is how its thread count is set.
    {
      env: {
        ...process.env,
        OPENBLAS_NUM_THREADS: String(threads),
        OMP_NUM_THREADS: String(threads),
      },
    },
  ).toString();
  const raw = readFileSync(outPath);
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  return {
    msPerFace: (JSON.parse(stdout) as { ms_per_face: number }).ms_per_face,
    descriptors: chips.map((_, i) => all.slice(i * 128, (i + 1) * 128)),
  };
}

export async function runSpeedBench(): Promise<Record<string, unknown>> {
  const store = new FileModelStore({ modelDir: modelDir() });
  const sessions = new OrtSessionFactory();
  const decoder = new ImageDecoder();
  const photo = await decoder.decode(readFileSync(join(DEMO, 'sample1.jpg')));
  const frames = await Promise.all(FRAME_SIZES.map(([w, h]) => resizeRgb(photo, w, h)));

  // The chips every embedder gets: all faces of the six demo photos, aligned by our pipeline.
  const pipeline = await createFacePipeline({ modelDir: modelDir(), embedRejected: true });
  const chips: RgbImage[] = [];
  const faces: { image: RgbImage; face: DetectedFace }[] = [];
  for (let i = 1; i <= 6; i++) {
    const image = await decoder.decode(readFileSync(join(DEMO, `sample${i}.jpg`)));
    for (const f of await pipeline.analyse(image)) {
      chips.push(f.chip);
      faces.push({ image, face: f.detection });
    }
  }
  await pipeline.release();

  const results: Record<string, unknown> = { speed_chips: chips.length };
  const bar = new ProgressBar('speed', 4);
  let step = 0;
  let ours1: Float32Array[] = [];
  for (const threads of [1, 2]) {
    // Native: the network at the frame's own size. The operating point: what detect runs, the
    // input shrunk to its DETECT_MIN_FACE_PX / DETECT_MAX_INPUT_SIDE defaults.
    const native = await UltraFaceDetector.create(store, sessions, { threads, maxInputSide: 4096 });
    const operating = await UltraFaceDetector.create(store, sessions, {
      threads,
      ...DETECT_OPERATING_POINT,
    });
    for (const [k, [w, h]] of FRAME_SIZES.entries()) {
      // Interleaved, so a burst of load on the shared machine hits both alike.
      const [nativeMs, operatingMs] = await medianMsPaired(
        () => native.detect(frames[k]),
        () => operating.detect(frames[k]),
        15,
      );
      results[`detect_native_ms_${w}x${h}_${threads}t`] = nativeMs;
      results[`detect_ms_${w}x${h}_${threads}t`] = operatingMs;
    }
    await native.release();
    await operating.release();
    const landmarker = await BlazeFaceLandmarker.create(store, sessions, { threads });
    let f = 0;
    results[`landmarks_ms_per_face_${threads}t`] = await medianMs(() => {
      const { image, face } = faces[f++ % faces.length];
      return landmarker.locate(image, face);
    }, 44);
    await landmarker.release();
    const points68 = await FaceLandmark68Landmarker.create(store, sessions, { threads });
    results[`landmarks68_ms_per_face_${threads}t`] = await medianMs(() => {
      const { image, face } = faces[f++ % faces.length];
      return points68.points(image, face);
    }, 44);
    await points68.release();
    const embedder = await DlibResnetEmbedder.create(store, sessions, { threads });
    let c = 0;
    results[`embed_ms_per_face_${threads}t`] = await medianMs(
      () => embedder.embed([chips[c++ % chips.length]]),
      44,
    );
    if (threads === 1) ours1 = await embedder.rawDescriptors(chips);
    await embedder.release();
    const mirrored = await DlibResnetEmbedder.create(store, sessions, {
      threads,
      mirrorAverage: true,
    });
    results[`embed_mirror_ms_per_face_${threads}t`] = await medianMs(
      () => mirrored.embed([chips[c++ % chips.length]]),
      44,
    );
    await mirrored.release();
    bar.tick(++step);
    const peer = runDlibPeer(chips, threads);
    if (peer) {
      results[`peer_embed_ms_per_face_${threads}t`] = peer.msPerFace;
      if (threads === 1) {
        const cos = peer.descriptors.map((d, i) => cosineSimilarity(d, ours1[i]));
        results['quantised_vs_float_min_cosine'] = Math.min(...cos);
        results['quantised_vs_float_mean_cosine'] = cos.reduce((a, b) => a + b, 0) / cos.length;
      }
    }
    bar.tick(++step);
  }
  const aligner = new FaceAligner();
  const pipelineForAlign = await BlazeFaceLandmarker.create(store, sessions, { threads: 1 });
  const landmarks = await pipelineForAlign.locate(faces[0].image, faces[0].face);
  await pipelineForAlign.release();
  results['align_ms_per_face'] = await medianMs(
    () => Promise.resolve(aligner.align(faces[0].image, landmarks)),
    30,
  );
  results['peer_name'] = existsSync(join(REPO_ROOT, '.cache', 'peer', 'dlib_embed_peer'))
    ? 'dlib 19.24 C++ (Debian libdlib-dev, OpenBLAS) dlib_face_recognition_resnet_model_v1 float weights'
    : 'unavailable';
  return results;
}

if (require.main === module) {
  void (async () => {
    const results = await runSpeedBench();
    console.log(JSON.stringify(results, null, 2));
    saveResults(results);
  })();
}
