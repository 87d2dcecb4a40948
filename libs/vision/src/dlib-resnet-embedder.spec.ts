import { DlibResnetEmbedder } from './dlib-resnet-embedder';
import { dot } from './face-embedder';
import { flipHorizontal } from './flip';
import type { FloatTensor, InferenceSession } from './inference-session';
import type { ModelStore } from './model-store';
import type { RgbImage } from './rgb-image';

const SIZE = 150;

/** Descriptor value k = sum of the red channel in chip column k: sensitive to left/right. */
class ColumnSumSession implements InferenceSession {
  readonly batches: number[] = [];
  run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>> {
    const { data, dims } = feeds['chip'];
    const n = dims[0];
    this.batches.push(n);
    const out = new Float32Array(n * 128);
    for (let i = 0; i < n; i++) {
      const red = i * 3 * SIZE * SIZE;
      for (let y = 0; y < SIZE; y++)
        for (let k = 0; k < 128; k++) out[i * 128 + k] += data[red + y * SIZE + k];
    }
    return Promise.resolve({ descriptor: { data: out, dims: [n, 128] } });
  }
  release(): Promise<void> {
    return Promise.resolve();
  }
}

function gradientChip(): RgbImage {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) data[(y * SIZE + x) * 3] = (x * 7 + y) % 256;
  return { width: SIZE, height: SIZE, data };
}

describe('DlibResnetEmbedder', () => {
  const store: ModelStore = { load: () => Promise.resolve(new Uint8Array([1])) };

  async function embedder(mirrorAverage: boolean) {
    const session = new ColumnSumSession();
    const e = await DlibResnetEmbedder.create(
      store,
      { create: () => Promise.resolve(session) },
      { mirrorAverage },
    );
    return { e, session };
  }

  it('plain templates tell a chip from its mirror image', async () => {
    const { e } = await embedder(false);
    const chip = gradientChip();
    const [a, b] = await e.embed([chip, flipHorizontal(chip)]);
    expect(dot(a, b)).toBeLessThan(0.99);
  });

  it('mirror-averaged templates are the same for a chip and its mirror, from one batch', async () => {
    const { e, session } = await embedder(true);
    const chip = gradientChip();
    const [a, b] = await e.embed([chip, flipHorizontal(chip)]);
    expect(session.batches).toEqual([4]);
    expect(dot(a, b)).toBeCloseTo(1, 6);
    expect(dot(a, a)).toBeCloseTo(1, 6);
    const [plain] = await (await embedder(false)).e.embed([chip]);
    expect(dot(a, plain)).toBeLessThan(0.9999);
  });
});
