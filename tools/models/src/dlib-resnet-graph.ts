import {
  floatTensor,
  int64Tensor,
  node,
  tensorValueInfo,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './onnx-proto';
import type { NamedWeight } from './tfjs-weights';

/** face-api's FaceRecognitionNet mean RGB; it then divides by 255 (not 256 as dlib's docs suggest). */
const MEAN_RGB = [122.782, 117.001, 104.298];

const RESIDUAL_STAGES: readonly (readonly [string, 'same' | 'down'])[] = [
  ['conv32_1', 'same'],
  ['conv32_2', 'same'],
  ['conv32_3', 'same'],
  ['conv64_down', 'down'],
  ['conv64_1', 'same'],
  ['conv64_2', 'same'],
  ['conv64_3', 'same'],
  ['conv128_down', 'down'],
  ['conv128_1', 'same'],
  ['conv128_2', 'same'],
  ['conv256_down', 'down'],
  ['conv256_1', 'same'],
  ['conv256_2', 'same'],
  ['conv256_down_out', 'down'],
];

/**
 * Rebuilds face-api's FaceRecognitionNet (the dlib ResNet-29 "metric" net) as an ONNX graph.
 * Input `chip`: [N,3,150,150] RGB 0..255. Output `descriptor`: [N,128], not normalised (the
 * embedder normalises, so the raw graph stays comparable with face-api).
 */
export class DlibResnetGraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private counter = 0;

  constructor(private readonly weights: Map<string, NamedWeight>) {}

  build(): ModelProto {
    this.initializers.push(
      floatTensor('mean_rgb', [1, 3, 1, 1], new Float32Array(MEAN_RGB)),
      floatTensor('inv_255', [], new Float32Array([1 / 255])),
    );
    this.nodes.push(
      node('Sub', ['chip', 'mean_rgb'], ['centred']),
      node('Mul', ['centred', 'inv_255'], ['normalised']),
    );

    // 150 -> 72 (7x7/2 valid) -> 35 (max-pool 3/2 valid), exactly TF's 'valid' arithmetic.
    let x = this.conv('normalised', 'conv32_down', { stride: 2, kernel: 7, pad: 0, relu: true });
    x = this.emit('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2] });
    let size = 35;
    let channels = 32;
    for (const [prefix, kind] of RESIDUAL_STAGES) {
      const outChannels = this.weight(`${prefix}/conv1/conv/filters`).shape[3];
      if (kind === 'same') {
        x = this.residual(x, prefix);
      } else {
        const result = this.residualDown(x, prefix, size, channels, outChannels);
        x = result.output;
        size = result.size;
      }
      channels = outChannels;
    }
    const pooled = this.emit('GlobalAveragePool', [x]);
    const flat = this.emit('Flatten', [pooled], { axis: 1 });
    const fc = this.weight('fc');
    this.initializers.push(floatTensor('fc', fc.shape, fc.values));
    this.nodes.push(node('MatMul', [flat, 'fc'], ['descriptor']));

    return {
      irVersion: 7,
      producerName: 'sightline-tools-models',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: 13 }],
      docString:
        'dlib face-recognition ResNet (public domain weights) rebuilt from @vladmandic/face-api face_recognition_model',
      graph: {
        name: 'dlib_resnet_v1',
        node: this.nodes,
        initializer: this.initializers,
        input: [tensorValueInfo('chip', ['batch', 3, 150, 150])],
        output: [tensorValueInfo('descriptor', ['batch', 128])],
        valueInfo: [],
      },
    };
  }

  private residual(x: string, prefix: string): string {
    const a = this.conv(x, `${prefix}/conv1`, { stride: 1, kernel: 3, pad: 1, relu: true });
    const b = this.conv(a, `${prefix}/conv2`, { stride: 1, kernel: 3, pad: 1, relu: false });
    return this.emit('Relu', [this.emit('Add', [b, x])]);
  }

  /**
   * face-api's residualDown: conv 3x3/2 'valid' then conv 'same'; the shortcut is a 2x2/2 average
   * pool, zero-padded on channels; when the main path comes out one pixel smaller (odd sizes) it
   * is zero-padded at the bottom and right to match.
   */
  private residualDown(
    x: string,
    prefix: string,
    size: number,
    inChannels: number,
    outChannels: number,
  ): { output: string; size: number } {
    const mainSize = Math.floor((size - 3) / 2) + 1;
    const poolSize = Math.floor(size / 2);
    const a = this.conv(x, `${prefix}/conv1`, { stride: 2, kernel: 3, pad: 0, relu: true });
    let b = this.conv(a, `${prefix}/conv2`, { stride: 1, kernel: 3, pad: 1, relu: false });
    if (mainSize !== poolSize) {
      const grow = poolSize - mainSize;
      b = this.emit('Pad', [b, this.ints(`${b}_pads`, [0, 0, 0, 0, 0, 0, grow, grow])]);
    }
    let shortcut = this.emit('AveragePool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
    if (inChannels !== outChannels) {
      shortcut = this.emit('Pad', [
        shortcut,
        this.ints(`${shortcut}_pads`, [0, 0, 0, 0, 0, outChannels - inChannels, 0, 0]),
      ]);
    }
    return { output: this.emit('Relu', [this.emit('Add', [b, shortcut])]), size: poolSize };
  }

  /** Conv + bias + per-channel scale layer, with the scale folded into the conv weights. */
  private conv(
    x: string,
    prefix: string,
    o: { stride: number; kernel: number; pad: number; relu: boolean },
  ): string {
    const filters = this.weight(`${prefix}/conv/filters`);
    const bias = this.weight(`${prefix}/conv/bias`).values;
    const scale = this.weight(`${prefix}/scale/weights`).values;
    const shift = this.weight(`${prefix}/scale/biases`).values;
    const [kh, kw, cin, cout] = filters.shape;
    if (kh !== o.kernel || kw !== o.kernel)
      throw new Error(`${prefix}: kernel ${kh}x${kw}, expected ${o.kernel}`);
    // TF HWIO -> ONNX OIHW.
    const w = new Float32Array(cout * cin * kh * kw);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < cin; i++)
          for (let oc = 0; oc < cout; oc++)
            w[((oc * cin + i) * kh + y) * kw + xx] =
              filters.values[((y * kw + xx) * cin + i) * cout + oc] * scale[oc];
    const b = new Float32Array(cout);
    for (let oc = 0; oc < cout; oc++) b[oc] = bias[oc] * scale[oc] + shift[oc];
    const name = prefix.replace(/\//g, '_');
    this.initializers.push(
      floatTensor(`${name}_w`, [cout, cin, kh, kw], w),
      floatTensor(`${name}_b`, [cout], b),
    );
    const out = this.emit('Conv', [x, `${name}_w`, `${name}_b`], {
      kernel_shape: [kh, kw],
      strides: [o.stride, o.stride],
      pads: [o.pad, o.pad, o.pad, o.pad],
    });
    return o.relu ? this.emit('Relu', [out]) : out;
  }

  private ints(name: string, values: number[]): string {
    this.initializers.push(int64Tensor(name, values));
    return name;
  }

  private emit(
    opType: string,
    inputs: string[],
    attributes: Record<string, number | number[]> = {},
  ): string {
    const out = `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push(node(opType, inputs, [out], attributes));
    return out;
  }

  private weight(name: string): NamedWeight {
    const w = this.weights.get(name);
    if (!w) throw new Error(`weight ${name} missing from the face-api manifest`);
    return w;
  }
}
