// Jest test environment for tests that run onnxruntime-node.
// ORT's native addon creates output tensors with the host realm's typed arrays, then
// onnxruntime-common (loaded inside Jest's sandbox) checks them with `instanceof` against the
// sandbox's constructors and throws "A float32 tensor's data must be type of Float32Array".
// Sharing the host's typed-array constructors with the sandbox makes both realms agree.
// Use with a docblock: /** @jest-environment ./libs/vision/jest-ort-environment.cjs */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
