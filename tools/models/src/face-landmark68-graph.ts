import {
  floatTensor,
  node,
  tensorValueInfo,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './onnx-proto';
import type { NamedWeight } from './tfjs-weights';

const MEAN_RGB = [122.782, 117.001, 104.298];

/**
 * Rebuilds face-api's FaceLandmark68Net (face-api.js, MIT) as ONNX: four dense blocks of
 * depthwise-separable convolutions, a 7x7/2 average pool and a fully connected layer to 68 (x, y)
 * pairs in 0..1 of the 112x112 input. Input `face`: [N,3,112,112] RGB 0..255.
 * TF's 'same' padding with stride 2 puts the extra pixel at the end: ONNX SAME_UPPER.
 */
export class FaceLandmark68GraphBuilder {
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
      node('Sub', ['face', 'mean_rgb'], ['centred']),
      node('Mul', ['centred', 'inv_255'], ['normalised']),
    );
    let x = 'normalised';
    for (const [i, block] of ['dense0', 'dense1', 'dense2', 'dense3'].entries())
      x = this.denseBlock(x, block, i === 0);
    x = this.emit('AveragePool', [x], { kernel_shape: [7, 7], strides: [2, 2] });
    x = this.emit('Flatten', [x], { axis: 1 });
    const fc = this.weight('fc/weights');
    const bias = this.weight('fc/bias');
    this.initializers.push(
      floatTensor('fc_w', fc.shape, fc.values),
      floatTensor('fc_b', bias.shape, bias.values),
    );
    const mm = this.emit('MatMul', [x, 'fc_w']);
    this.nodes.push(node('Add', [mm, 'fc_b'], ['landmarks']));
    return {
      irVersion: 7,
      producerName: 'sightline-tools-models',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: 13 }],
      docString:
        'face-api.js FaceLandmark68Net (MIT) rebuilt from @vladmandic/face-api face_landmark_68_model',
      graph: {
        name: 'face_landmark_68',
        node: this.nodes,
        initializer: this.initializers,
        input: [tensorValueInfo('face', ['batch', 3, 112, 112])],
        output: [tensorValueInfo('landmarks', ['batch', 136])],
        valueInfo: [],
      },
    };
  }

  private denseBlock(x: string, prefix: string, first: boolean): string {
    const out1 = this.emit('Relu', [
      first ? this.conv(x, `${prefix}/conv0`) : this.separable(x, `${prefix}/conv0`, 2),
    ]);
    const out2 = this.separable(out1, `${prefix}/conv1`, 1);
    const in3 = this.emit('Relu', [this.emit('Add', [out1, out2])]);
    const out3 = this.separable(in3, `${prefix}/conv2`, 1);
    const sum3 = this.emit('Add', [out1, this.emit('Add', [out2, out3])]);
    const in4 = this.emit('Relu', [sum3]);
    const out4 = this.separable(in4, `${prefix}/conv3`, 1);
    return this.emit('Relu', [
      this.emit('Add', [out1, this.emit('Add', [out2, this.emit('Add', [out3, out4])])]),
    ]);
  }

  /** Plain 3x3/2 conv of the first block. */
  private conv(x: string, prefix: string): string {
    const f = this.weight(`${prefix}/filters`);
    const [kh, kw, cin, cout] = f.shape;
    const w = new Float32Array(cout * cin * kh * kw);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++)
            w[((o * cin + i) * kh + y) * kw + xx] = f.values[((y * kw + xx) * cin + i) * cout + o];
    const name = prefix.replace(/\//g, '_');
    this.initializers.push(
      floatTensor(`${name}_w`, [cout, cin, kh, kw], w),
      floatTensor(`${name}_b`, [cout], this.weight(`${prefix}/bias`).values),
    );
    return this.emit(
      'Conv',
      [x, `${name}_w`, `${name}_b`],
      { kernel_shape: [kh, kw], strides: [2, 2] },
      'SAME_UPPER',
    );
  }

  /** tf.separableConv2d + bias: depthwise 3x3 (group = C) then pointwise 1x1. */
  private separable(x: string, prefix: string, stride: number): string {
    const dw = this.weight(`${prefix}/depthwise_filter`);
    const pw = this.weight(`${prefix}/pointwise_filter`);
    const [kh, kw, c] = dw.shape;
    const cout = pw.shape[3];
    const d = new Float32Array(c * kh * kw);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < c; i++) d[(i * kh + y) * kw + xx] = dw.values[(y * kw + xx) * c + i];
    const p = new Float32Array(cout * c);
    for (let i = 0; i < c; i++)
      for (let o = 0; o < cout; o++) p[o * c + i] = pw.values[i * cout + o];
    const name = prefix.replace(/\//g, '_');
    this.initializers.push(
      floatTensor(`${name}_dw`, [c, 1, kh, kw], d),
      floatTensor(`${name}_pw`, [cout, c, 1, 1], p),
      floatTensor(`${name}_b`, [cout], this.weight(`${prefix}/bias`).values),
    );
    const depthwise = this.emit(
      'Conv',
      [x, `${name}_dw`],
      { kernel_shape: [kh, kw], strides: [stride, stride], group: c },
      'SAME_UPPER',
    );
    return this.emit('Conv', [depthwise, `${name}_pw`, `${name}_b`], { kernel_shape: [1, 1] });
  }

  private emit(
    opType: string,
    inputs: string[],
    attributes: Record<string, number | number[]> = {},
    autoPad?: string,
  ): string {
    const out = `${opType.toLowerCase()}_${this.counter++}`;
    const n = node(opType, inputs, [out], attributes);
    if (autoPad)
      n.attribute.push({ name: 'auto_pad', type: ATTRIBUTE_STRING, s: Buffer.from(autoPad) });
    this.nodes.push(n);
    return out;
  }

  private weight(name: string): NamedWeight {
    const w = this.weights.get(name);
    if (!w) throw new Error(`weight ${name} missing from the face-api manifest`);
    return w;
  }
}

const ATTRIBUTE_STRING = 3;
