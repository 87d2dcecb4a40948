/**
 * The WebAssembly module behind HammingKernel, assembled here from opcodes so there is no toolchain,
 * no binary file and no download: V8 validates it at start and compiles it once.
 *
 * Why WebAssembly: V8 has no popcount, and a JavaScript popcount over a million 128-bit codes costs
 * ~30 ms; `i64.popcnt` makes the same scan memory-bound (~2 ms for 16 MB).
 *
 * Exports, all over one imported memory (`env.memory`):
 * - `distances(codes, count, query, out, histogram)`: for each 16-byte code, the Hamming distance
 *   to the 16-byte query as one byte at out[i], and histogram[d] += 1 (129 u32 bins).
 * - `collect(distances, count, cut, slotsOut, maxAtCut) -> n`: writes i (u32) for every
 *   distances[i] < cut, and for at most `maxAtCut` of those equal to cut, in scan order. `count`
 *   must be a multiple of 16, with 0xff in the distance bytes past the real codes.
 */

const enum Op {
  Block = 0x02,
  Loop = 0x03,
  If = 0x04,
  Else = 0x05,
  End = 0x0b,
  Br = 0x0c,
  BrIf = 0x0d,
  LocalGet = 0x20,
  LocalSet = 0x21,
  I32Load = 0x28,
  I64Load = 0x29,
  I32Load8U = 0x2d,
  I32Store = 0x36,
  I32Store8 = 0x3a,
  I32Const = 0x41,
  I32Eq = 0x46,
  I32LtU = 0x49,
  I32GeU = 0x4f,
  I32Add = 0x6a,
  I32And = 0x71,
  I32Shl = 0x74,
  I64Popcnt = 0x7b,
  I64Add = 0x7c,
  I64Xor = 0x85,
  I32WrapI64 = 0xa7,
}

/** 0xfd-prefixed SIMD opcodes (LEB-encoded after the prefix). */
const enum Simd {
  V128Load = 0x00,
  I8x16Splat = 0x0f,
  I8x16LtU = 0x26,
  V128AnyTrue = 0x53,
}

const SIMD_PREFIX = 0xfd;
const V128 = 0x7b;
const I32 = 0x7f;
const I64 = 0x7e;
const VOID_BLOCK = 0x40;

function uleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

const simd = (op: Simd): number[] => [SIMD_PREFIX, ...uleb(op)];
const get = (local: number): number[] => [Op.LocalGet, local];
const set = (local: number): number[] => [Op.LocalSet, local];
const i32 = (value: number): number[] => [Op.I32Const, ...uleb(value)];
/** Memory immediate: log2 alignment, then offset. */
const mem = (alignLog2: number, offset: number): number[] => [alignLog2, ...uleb(offset)];
const increment = (local: number, by: number): number[] => [
  ...get(local),
  ...i32(by),
  Op.I32Add,
  ...set(local),
];

// distances(codes=0, count=1, query=2, out=3, histogram=4); locals q0=5 q1=6 (i64), end=7 bin=8.
const distancesBody = [
  ...[2, ...uleb(2), I64, ...uleb(2), I32],
  ...get(2),
  Op.I64Load,
  ...mem(3, 0),
  ...set(5),
  ...get(2),
  Op.I64Load,
  ...mem(3, 8),
  ...set(6),
  ...get(3),
  ...get(1),
  Op.I32Add,
  ...set(7),
  Op.Block,
  VOID_BLOCK,
  Op.Loop,
  VOID_BLOCK,
  ...get(3),
  ...get(7),
  Op.I32GeU,
  Op.BrIf,
  1,
  // bin = histogram + 4 * distance, with the distance also stored at out.
  ...get(3),
  ...get(0),
  Op.I64Load,
  ...mem(3, 0),
  ...get(5),
  Op.I64Xor,
  Op.I64Popcnt,
  ...get(0),
  Op.I64Load,
  ...mem(3, 8),
  ...get(6),
  Op.I64Xor,
  Op.I64Popcnt,
  Op.I64Add,
  Op.I32WrapI64,
  ...set(8),
  ...get(8),
  Op.I32Store8,
  ...mem(0, 0),
  ...get(4),
  ...get(8),
  ...i32(2),
  Op.I32Shl,
  Op.I32Add,
  ...set(8),
  ...get(8),
  ...get(8),
  Op.I32Load,
  ...mem(2, 0),
  ...i32(1),
  Op.I32Add,
  Op.I32Store,
  ...mem(2, 0),
  ...increment(0, 16),
  ...increment(3, 1),
  Op.Br,
  0,
  Op.End,
  Op.End,
  Op.End,
];

// collect(distances=0, count=1, cut=2, slotsOut=3, maxAtCut=4) -> n; `count` is a multiple of 16
// and the distance bytes past the real count are 0xff. Locals i=5 d=6 n=7 atCut=8 chunkEnd=9 (i32),
// limit=10 (v128). Sixteen distances are compared at once and almost every chunk has none at or
// under the cut, so the scalar part runs for a few hundred bytes of a million.
const store = (): number[] => [
  ...get(3),
  ...get(7),
  ...i32(2),
  Op.I32Shl,
  Op.I32Add,
  ...get(5),
  Op.I32Store,
  ...mem(2, 0),
  ...increment(7, 1),
];
const scalarChunk = [
  ...get(5),
  ...i32(16),
  Op.I32Add,
  ...set(9),
  Op.Block,
  VOID_BLOCK,
  Op.Loop,
  VOID_BLOCK,
  ...get(5),
  ...get(9),
  Op.I32GeU,
  Op.BrIf,
  1,
  ...get(0),
  ...get(5),
  Op.I32Add,
  Op.I32Load8U,
  ...mem(0, 0),
  ...set(6),
  ...get(6),
  ...get(2),
  Op.I32LtU,
  Op.If,
  VOID_BLOCK,
  ...store(),
  Op.Else,
  ...get(6),
  ...get(2),
  Op.I32Eq,
  ...get(8),
  ...get(4),
  Op.I32LtU,
  Op.I32And,
  Op.If,
  VOID_BLOCK,
  ...store(),
  ...increment(8, 1),
  Op.End,
  Op.End,
  ...increment(5, 1),
  Op.Br,
  0,
  Op.End,
  Op.End,
];
const collectBody = [
  ...[2, ...uleb(5), I32, ...uleb(1), V128],
  ...get(2),
  ...i32(1),
  Op.I32Add,
  ...simd(Simd.I8x16Splat),
  ...set(10),
  Op.Block,
  VOID_BLOCK,
  Op.Loop,
  VOID_BLOCK,
  ...get(5),
  ...get(1),
  Op.I32GeU,
  Op.BrIf,
  1,
  ...get(0),
  ...get(5),
  Op.I32Add,
  ...simd(Simd.V128Load),
  ...mem(4, 0),
  ...get(10),
  ...simd(Simd.I8x16LtU),
  ...simd(Simd.V128AnyTrue),
  Op.If,
  VOID_BLOCK,
  ...scalarChunk,
  Op.Else,
  ...increment(5, 16),
  Op.End,
  Op.Br,
  0,
  Op.End,
  Op.End,
  ...get(7),
  Op.End,
];

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

const FUNC_TYPE = 0x60;
const EXPORT_FUNC = 0x00;
const IMPORT_MEMORY = 0x02;

const moduleBytes = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [
    2,
    ...[FUNC_TYPE, 5, I32, I32, I32, I32, I32, 0],
    ...[FUNC_TYPE, 5, I32, I32, I32, I32, I32, 1, I32],
  ]),
  // Memory with no minimum and no maximum: the caller sizes and grows it.
  ...section(2, [1, ...name('env'), ...name('memory'), IMPORT_MEMORY, 0x00, 0x00]),
  ...section(3, [2, 0, 1]),
  ...section(7, [2, ...name('distances'), EXPORT_FUNC, 0, ...name('collect'), EXPORT_FUNC, 1]),
  ...section(10, [
    2,
    ...uleb(distancesBody.length),
    ...distancesBody,
    ...uleb(collectBody.length),
    ...collectBody,
  ]),
]);

export interface HammingExports {
  distances(codes: number, count: number, query: number, out: number, histogram: number): void;
  collect(
    distances: number,
    count: number,
    cut: number,
    slotsOut: number,
    maxAtCut: number,
  ): number;
}

/** The part of the WebAssembly global used here (the project's type libraries omit it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let compiled: object | undefined;

export function createWasmMemory(pages: number): WasmMemory {
  return new wasm.Memory({ initial: pages });
}

/** One instance per memory; the module itself is compiled once per process. */
export function instantiateHamming(memory: WasmMemory): HammingExports {
  compiled ??= new wasm.Module(moduleBytes);
  const instance = new wasm.Instance(compiled, { env: { memory } });
  return instance.exports as HammingExports;
}
