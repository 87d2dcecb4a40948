import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * face-api on TensorFlow.js's pure-JS CPU backend, loaded from the weights npm ships: the reference
 * the ONNX embedder is checked against, and the 68-landmark model the chip template is calibrated
 * with. Dev-only (tools and int tests); the library never imports tfjs.
 */
interface FaceApiPoint {
  x: number;
  y: number;
}

interface FaceApiNet {
  loadFromWeightMap(map: tf.NamedTensorMap): void;
}

interface FaceRecognitionNet extends FaceApiNet {
  computeFaceDescriptor(input: tf.Tensor4D): Promise<Float32Array>;
}

interface FaceLandmark68Net extends FaceApiNet {
  detectLandmarks(input: tf.Tensor4D): Promise<{ positions: FaceApiPoint[] }>;
}

interface FaceApiModule {
  FaceRecognitionNet: new () => FaceRecognitionNet;
  FaceLandmark68Net: new () => FaceLandmark68Net;
}

// The node-wasm bundle is the one that takes @tensorflow/tfjs as a peer instead of tfjs-node.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;

const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');

function weightMap(name: string): tf.NamedTensorMap {
  const specs = JSON.parse(
    readFileSync(join(modelDir, `${name}-weights_manifest.json`), 'utf8'),
  ) as {
    paths: string[];
    weights: tf.io.WeightsManifestEntry[];
  }[];
  const map: tf.NamedTensorMap = {};
  for (const group of specs) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(modelDir, p))));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    Object.assign(map, tf.io.decodeWeights(buffer, group.weights));
  }
  return map;
}

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** HWC uint8 RGB -> the [1,h,w,3] float tensor face-api takes. */
export function imageTensor(width: number, height: number, rgb: Uint8Array): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(rgb), [1, height, width, 3]);
}

export class FaceApiReference {
  private readonly recognition = new faceapi.FaceRecognitionNet();
  private readonly landmarks = new faceapi.FaceLandmark68Net();

  constructor() {
    this.recognition.loadFromWeightMap(weightMap('face_recognition_model'));
    this.landmarks.loadFromWeightMap(weightMap('face_landmark_68_model'));
  }

  /** Raw 128-d descriptor of a 150x150 RGB chip. */
  async descriptor(chip: Uint8Array): Promise<Float32Array> {
    const t = imageTensor(150, 150, chip);
    try {
      return await this.recognition.computeFaceDescriptor(t);
    } finally {
      t.dispose();
    }
  }

  /** 68 landmarks in the crop's pixels. */
  async landmarks68(width: number, height: number, rgb: Uint8Array): Promise<FaceApiPoint[]> {
    const t = imageTensor(width, height, rgb);
    try {
      return (await this.landmarks.detectLandmarks(t)).positions;
    } finally {
      t.dispose();
    }
  }
}
