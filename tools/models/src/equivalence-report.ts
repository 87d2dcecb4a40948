import { compareWithFaceApi, demoChips } from './embedder-equivalence';
import { defaultModelDir } from './model-cache';

/** Prints the embedder equivalence figures as one JSON line (read by bench/vision/run-vision-bench.ts). */
async function main(): Promise<void> {
  const modelDir = defaultModelDir();
  const report = await compareWithFaceApi(modelDir, await demoChips(modelDir));
  console.log(JSON.stringify(report));
}

void main();
