import { join } from 'node:path';
import * as protobuf from 'protobufjs';

/**
 * ONNX ModelProto through protobufjs and the official schema text (tools/models/onnx.proto, copied
 * from the onnx 1.17 PyPI wheel, Apache-2.0), so the tools need no Python at build time.
 */
export enum TensorDataType {
  FLOAT = 1,
  INT64 = 7,
}

export interface TensorProto {
  name: string;
  dims: number[];
  dataType: TensorDataType;
  rawData: Uint8Array;
}

export interface AttributeProto {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
  t?: TensorProto;
}

export interface NodeProto {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: AttributeProto[];
}

export interface DimProto {
  dimValue?: number | { toNumber(): number };
  dimParam?: string;
}

export interface ValueInfoProto {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: DimProto[] } } };
}

export interface GraphProto {
  name: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo: ValueInfoProto[];
}

export interface ModelProto {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsetImport: { domain: string; version: number }[];
  graph: GraphProto;
  docString?: string;
}

let modelType: protobuf.Type | undefined;

function type(): protobuf.Type {
  modelType ??= protobuf
    .loadSync(join(__dirname, '..', 'onnx.proto'))
    .lookupType('onnx.ModelProto');
  return modelType;
}

export function decodeModel(bytes: Uint8Array): ModelProto {
  return type().decode(bytes) as unknown as ModelProto;
}

export function encodeModel(model: ModelProto): Buffer {
  const message = type().fromObject(model as unknown as Record<string, unknown>);
  return Buffer.from(type().encode(message).finish());
}

export function floatTensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return {
    name,
    dims,
    dataType: TensorDataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

export function int64Tensor(name: string, values: number[]): TensorProto {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return {
    name,
    dims: [values.length],
    dataType: TensorDataType.INT64,
    rawData: new Uint8Array(data.buffer),
  };
}

export function tensorValueInfo(name: string, dims: (number | string)[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: TensorDataType.FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

export function node(
  opType: string,
  input: string[],
  output: string[],
  attributes: Record<string, number | number[]> = {},
): NodeProto {
  return {
    name: output[0] ?? opType,
    opType,
    input,
    output,
    attribute: Object.entries(attributes).map(([name, value]) =>
      Array.isArray(value)
        ? { name, type: ATTRIBUTE_INTS, ints: value }
        : { name, type: ATTRIBUTE_INT, i: value },
    ),
  };
}
