import type { FloatTensor, InferenceSession, InferenceSessionFactory } from './inference-session';
import type { ModelStore } from './model-store';
import { ultrafacePriors } from './ultraface-priors';
import { RELIABLE_INPUT_FACE_PX, UltraFaceDetector } from './ultraface-detector';

/** Fake session: one confident anchor (the first 24 px prior of the stride-8 cell at (5, 3)). */
class OneFaceSession implements InferenceSession {
  readonly seen: number[][] = [];
  run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>> {
    const [, , h, w] = feeds['input'].dims;
    this.seen.push([h, w]);
    const n = ultrafacePriors(w, h).length / 4;
    const scores = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) scores[i * 2] = 1;
    const anchor = (3 * Math.ceil(w / 8) + 5) * 3 + 2;
    scores[anchor * 2] = 0.05;
    scores[anchor * 2 + 1] = 0.95;
    return Promise.resolve({
      scores: { data: scores, dims: [1, n, 2] },
      deltas: { data: new Float32Array(n * 4), dims: [1, n, 4] },
    });
  }
  release(): Promise<void> {
    return Promise.resolve();
  }
}

describe('UltraFaceDetector (fake session)', () => {
  const session = new OneFaceSession();
  const store: ModelStore = { load: () => Promise.resolve(new Uint8Array([1])) };
  const sessions: InferenceSessionFactory = { create: () => Promise.resolve(session) };

  it('runs at the image size and reports boxes in source pixels', async () => {
    const detector = await UltraFaceDetector.create(store, sessions, {
      mode: 'dynamic',
      maxInputSide: 640,
    });
    const image = { width: 320, height: 240, data: new Uint8Array(320 * 240 * 3) };
    const faces = await detector.detect(image);
    expect(session.seen.at(-1)).toEqual([240, 320]);
    expect(faces).toHaveLength(1);
    // Prior centre ((5 + 0.5) * 8, (3 + 0.5) * 8) = (44, 28), side 24.
    const { x, y, width, height } = faces[0].box;
    expect([x, y, width, height].map((v) => Math.round(v * 1000) / 1000)).toEqual([32, 16, 24, 24]);
  });

  it('downscales to maxInputSide and scales boxes back up', async () => {
    const detector = await UltraFaceDetector.create(store, sessions, {
      mode: 'dynamic',
      maxInputSide: 320,
    });
    const image = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3) };
    const [face] = await detector.detect(image);
    expect(session.seen.at(-1)).toEqual([240, 320]);
    expect(face.box.x).toBeCloseTo(64);
    expect(face.box.width).toBeCloseTo(48);
  });

  it('shrinks the input until the smallest wanted face spans the reliable size, never enlarging', async () => {
    const detector = await UltraFaceDetector.create(store, sessions, {
      mode: 'dynamic',
      maxInputSide: 640,
      minFaceSize: RELIABLE_INPUT_FACE_PX * 2,
    });
    const image = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3) };
    const [face] = await detector.detect(image);
    expect(session.seen.at(-1)).toEqual([240, 320]);
    expect(face.box.width).toBeCloseTo(48);
    // maxInputSide still wins when it asks for less; a tiny minFaceSize never upsamples.
    const capped = await UltraFaceDetector.create(store, sessions, {
      maxInputSide: 160,
      minFaceSize: RELIABLE_INPUT_FACE_PX * 2,
    });
    await capped.detect(image);
    expect(session.seen.at(-1)).toEqual([120, 160]);
    const native = await UltraFaceDetector.create(store, sessions, { minFaceSize: 1 });
    await native.detect(image);
    expect(session.seen.at(-1)).toEqual([480, 640]);
  });

  it('reuses its input tensor between calls but never shares it between concurrent calls', async () => {
    /** Reads the input only after a tick, as ORT does on its own thread. */
    class SlowSession extends OneFaceSession {
      readonly firstValues: number[] = [];
      readonly buffers: Float32Array[] = [];
      override async run(feeds: Readonly<Record<string, FloatTensor>>) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        this.firstValues.push(feeds['input'].data[0]);
        this.buffers.push(feeds['input'].data);
        return super.run(feeds);
      }
    }
    const slow = new SlowSession();
    const detector = await UltraFaceDetector.create(
      store,
      { create: () => Promise.resolve(slow) },
      { mode: 'dynamic' },
    );
    const grey = (v: number) => ({
      width: 64,
      height: 48,
      data: new Uint8Array(64 * 48 * 3).fill(v),
    });
    await detector.detect(grey(127));
    await detector.detect(grey(127));
    expect(slow.buffers[1]).toBe(slow.buffers[0]);
    await Promise.all([detector.detect(grey(255)), detector.detect(grey(0))]);
    expect(slow.firstValues.slice(2)).toEqual([128 / 128, -127 / 128]);
  });
});
