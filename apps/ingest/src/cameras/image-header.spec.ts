import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jpegDimensions, pngDimensions, readImageHeader } from './image-header';
import { syntheticJpeg } from './jpeg.fixture';

const sample = readFileSync(
  path.resolve(__dirname, '../../../../node_modules/@vladmandic/face-api/demo/sample1.jpg'),
);

function pngHeader(width: number, height: number): Buffer {
  const buffer = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(buffer, 0);
  buffer.writeUInt32BE(13, 8);
  buffer.write('IHDR', 12, 'latin1');
  buffer.writeUInt32BE(width, 16);
  buffer.writeUInt32BE(height, 20);
  return buffer;
}

describe('image headers', () => {
  it('reads a baseline and a progressive SOF, past APP segments with thumbnails', () => {
    expect(jpegDimensions(syntheticJpeg({ width: 640, height: 480 }))).toEqual({
      width: 640,
      height: 480,
    });
    expect(
      jpegDimensions(syntheticJpeg({ width: 300, height: 2, progressive: true, thumbnail: true })),
    ).toEqual({ width: 300, height: 2 });
  });

  it('reads the size of a real camera JPEG', () => {
    expect(jpegDimensions(sample)).toEqual({ width: 1920, height: 1280 });
  });

  it('gives up on a JPEG cut before its SOF, or not a JPEG at all', () => {
    const jpeg = syntheticJpeg({ width: 10, height: 10 });
    const sofAt = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(jpegDimensions(jpeg.subarray(0, sofAt + 6))).toBeUndefined();
    expect(jpegDimensions(Buffer.from('hello world'))).toBeUndefined();
    expect(jpegDimensions(syntheticJpeg({ width: 0, height: 10 }))).toBeUndefined();
  });

  it('reads a PNG IHDR and tells the encodings apart', () => {
    expect(pngDimensions(pngHeader(17, 23))).toEqual({ width: 17, height: 23 });
    expect(readImageHeader(pngHeader(17, 23))).toEqual({ encoding: 'png', width: 17, height: 23 });
    expect(readImageHeader(sample)).toEqual({ encoding: 'jpeg', width: 1920, height: 1280 });
    expect(readImageHeader(Buffer.from('GIF89a........................'))).toBeUndefined();
  });
});
