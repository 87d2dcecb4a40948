import * as ort from 'onnxruntime-node';
import { VisionError, VisionErrorCode } from './vision-error';

/** A float tensor as the library sees it: no ORT types leak past this file. */
export interface FloatTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface InferenceSession {
  run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  /** Intra-op threads; 1 keeps a service predictable when several models share a core. */
  readonly threads?: number;
}

/** Creates sessions from model bytes; unit tests inject a fake. */
export interface InferenceSessionFactory {
  create(model: Uint8Array, options?: SessionOptions): Promise<InferenceSession>;
}

class OrtInferenceSession implements InferenceSession {
  constructor(private readonly session: ort.InferenceSession) {}

  async run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) {
      ortFeeds[name] = new ort.Tensor('float32', tensor.data, [...tensor.dims]);
    }
    const results = await this.session.run(ortFeeds);
    const out: Record<string, FloatTensor> = {};
    for (const [name, value] of Object.entries(results)) {
      if (value.type !== 'float32') {
        throw new VisionError(
          VisionErrorCode.MODEL_OUTPUT_MISMATCH,
          `output ${name} is ${value.type}, expected float32`,
        );
      }
      out[name] = { data: value.data as Float32Array, dims: value.dims };
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

export class OrtSessionFactory implements InferenceSessionFactory {
  async create(model: Uint8Array, options: SessionOptions = {}): Promise<InferenceSession> {
    const threads = options.threads ?? 1;
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new OrtInferenceSession(session);
  }
}
