import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DlibResnetEmbedder,
  cosineSimilarity,
  createFacePipeline,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  type RgbImage,
} from '@sightline/vision';
import { FaceApiReference, useCpuBackend } from './face-api-reference';

export interface EquivalenceReport {
  readonly chips: number;
  readonly minCosine: number;
  readonly meanCosine: number;
}

export function demoPhotoPaths(): string[] {
  const demo = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  return readdirSync(demo)
    .filter((f) => /^sample\d+\.jpg$/.test(f))
    .sort()
    .map((f) => join(demo, f));
}

/** Every face chip our pipeline cuts from face-api's six demo photos. */
export async function demoChips(modelDir: string): Promise<RgbImage[]> {
  const pipeline = await createFacePipeline({ modelDir, embedRejected: true });
  const decoder = new ImageDecoder();
  const chips: RgbImage[] = [];
  for (const path of demoPhotoPaths()) {
    for (const face of await pipeline.analyse(await decoder.decode(readFileSync(path))))
      chips.push(face.chip);
  }
  await pipeline.release();
  return chips;
}

/** Same chips through face-api (tfjs CPU backend) and through our ONNX graph. */
export async function compareWithFaceApi(
  modelDir: string,
  chips: readonly RgbImage[],
): Promise<EquivalenceReport> {
  await useCpuBackend();
  const reference = new FaceApiReference();
  const embedder = await DlibResnetEmbedder.create(
    new FileModelStore({ modelDir }),
    new OrtSessionFactory(),
  );
  const ours = await embedder.rawDescriptors(chips);
  await embedder.release();
  const cosines: number[] = [];
  for (const [i, chip] of chips.entries())
    cosines.push(cosineSimilarity(await reference.descriptor(chip.data), ours[i]));
  return {
    chips: chips.length,
    minCosine: Math.min(...cosines),
    meanCosine: cosines.reduce((a, b) => a + b, 0) / cosines.length,
  };
}
