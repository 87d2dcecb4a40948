import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JpegStreamSplitter } from './jpeg-stream-splitter';
import { syntheticJpeg } from './jpeg.fixture';

const sample = readFileSync(
  path.resolve(__dirname, '../../../../node_modules/@vladmandic/face-api/demo/sample1.jpg'),
);

function splitInChunks(stream: Buffer, cuts: number[], maxFrameBytes = 1 << 20): Buffer[] {
  const splitter = new JpegStreamSplitter(maxFrameBytes);
  const frames: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, stream.length]) {
    frames.push(...splitter.push(stream.subarray(start, cut)));
    start = cut;
  }
  return frames;
}

describe('JpegStreamSplitter', () => {
  const a = syntheticJpeg({ width: 64, height: 48 });
  const b = syntheticJpeg({ width: 32, height: 16, thumbnail: true });
  const c = syntheticJpeg({ width: 8, height: 8, progressive: true });
  const garbage = Buffer.from([0x00, 0xff, 0x13, 0xff, 0xd9, 0x42]);
  const stream = Buffer.concat([garbage, a, b, garbage, c]);

  it('finds every frame whole when the stream arrives in one chunk', () => {
    expect(splitInChunks(stream, [])).toEqual([a, b, c]);
  });

  it('finds the same frames whatever single chunk boundary splits the stream', () => {
    for (let cut = 1; cut < stream.length; cut += 1) {
      expect(splitInChunks(stream, [cut])).toEqual([a, b, c]);
    }
  });

  it('finds the same frames when the stream arrives one byte at a time', () => {
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(splitInChunks(stream, cuts)).toEqual([a, b, c]);
  });

  it('does not end a frame at a stuffed 0xFF00, a restart marker or a thumbnail EOI', () => {
    const frames = splitInChunks(Buffer.concat([b, a]), []);
    expect(frames.map((frame) => frame.length)).toEqual([b.length, a.length]);
  });

  it('cuts a real JPEG out of garbage, across random chunk sizes', () => {
    const real = Buffer.concat([Buffer.from('noise'), sample, sample, Buffer.from([0xff])]);
    let seed = 7;
    const cuts: number[] = [];
    for (let at = 0; at < real.length;) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      at += 1 + (seed % 70_000);
      if (at < real.length) cuts.push(at);
    }
    // Buffer.equals, not toEqual: Jest's deep equality walks 144 kB byte by byte.
    const frames = splitInChunks(real, cuts);
    expect(frames).toHaveLength(2);
    expect(frames.every((frame) => frame.equals(sample))).toBe(true);
  });

  it('drops a frame cut off by the end of the stream and reports the bytes', () => {
    const splitter = new JpegStreamSplitter(1 << 20);
    expect(splitter.push(Buffer.concat([a, b.subarray(0, 20)]))).toEqual([a]);
    expect(splitter.end()).toBe(20);
    // A new stream after end() starts clean.
    expect(splitter.push(c)).toEqual([c]);
  });

  it('drops a frame larger than the limit and resynchronises on the next one', () => {
    const huge = syntheticJpeg({ width: 1, height: 1, entropy: new Array(5_000).fill(0x11) });
    expect(splitInChunks(Buffer.concat([huge, a]), [1_000, 3_000], 2_048)).toEqual([a]);
  });

  it('skips a false start whose segments are not JPEG structure', () => {
    const fake = Buffer.from([0xff, 0xd8, 0x00, 0x01, 0x02]);
    expect(splitInChunks(Buffer.concat([fake, a]), [])).toEqual([a]);
  });
});
