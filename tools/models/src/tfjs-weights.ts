import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'uint8'; scale: number; min: number };
}

interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface NamedWeight {
  shape: number[];
  values: Float32Array;
}

/**
 * Reads a TensorFlow.js weights manifest and its shards, dequantising uint8 tensors exactly as
 * tfjs-core's io.decodeWeights does (`q * scale + min`), so the ONNX graph starts from the same
 * float weights face-api's reference runs with.
 */
export function readTfjsWeights(manifestPath: string): Map<string, NamedWeight> {
  const groups = JSON.parse(readFileSync(manifestPath, 'utf8')) as WeightGroup[];
  const weights = new Map<string, NamedWeight>();
  for (const group of groups) {
    const data = Buffer.concat(
      group.paths.map((p) => readFileSync(join(dirname(manifestPath), p))),
    );
    let offset = 0;
    for (const spec of group.weights) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(count);
      if (spec.quantization) {
        if (spec.quantization.dtype !== 'uint8')
          throw new Error(`unsupported quantisation ${spec.quantization.dtype}`);
        const { scale, min } = spec.quantization;
        for (let i = 0; i < count; i++) values[i] = data[offset + i] * scale + min;
        offset += count;
      } else {
        for (let i = 0; i < count; i++) values[i] = data.readFloatLE(offset + i * 4);
        offset += count * 4;
      }
      weights.set(spec.name, { shape: spec.shape, values });
    }
    if (offset !== data.length)
      throw new Error(`weights manifest covers ${offset} of ${data.length} bytes`);
  }
  return weights;
}
