import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { ImageDecoder } from './image-decoder';
import { VisionErrorCode } from './vision-error';

/** A 40x30 image: left half red, right half blue, so orientation changes are visible. */
function halves(width = 40, height = 30, channels: 3 | 4 = 3): Buffer {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data[i] = x < width / 2 ? 255 : 0;
      data[i + 2] = x < width / 2 ? 0 : 255;
      if (channels === 4) data[i + 3] = 255;
    }
  }
  return data;
}

const raw = (channels: 3 | 4 = 3) =>
  sharp(halves(40, 30, channels), { raw: { width: 40, height: 30, channels } });
const pixel = (img: { width: number; data: Uint8Array }, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('ImageDecoder', () => {
  const decoder = new ImageDecoder();

  it.each(['jpeg', 'png', 'webp'] as const)('decodes %s to RGB', async (format) => {
    const bytes = await raw().toFormat(format, { quality: 95 }).toBuffer();
    const img = await decoder.decode(bytes);
    expect([img.width, img.height, img.data.length]).toEqual([40, 30, 40 * 30 * 3]);
    const [r, , b] = pixel(img, 5, 15);
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(60);
  });

  it('honours EXIF orientation (6 = rotate 90 clockwise)', async () => {
    const bytes = await raw().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const img = await decoder.decode(bytes);
    expect([img.width, img.height]).toEqual([30, 40]);
    // The red left half is now on top.
    expect(pixel(img, 15, 5)[0]).toBeGreaterThan(200);
    expect(pixel(img, 15, 35)[2]).toBeGreaterThan(200);
  });

  it('converts grey, CMYK and alpha images to 3-channel RGB', async () => {
    const grey = await raw().greyscale().png().toBuffer();
    const cmyk = await raw().toColourspace('cmyk').jpeg().toBuffer();
    const alpha = await raw(4).png().toBuffer();
    for (const bytes of [grey, cmyk, alpha]) {
      const img = await decoder.decode(bytes);
      expect(img.data.length).toBe(40 * 30 * 3);
    }
    const fromCmyk = await decoder.decode(cmyk);
    expect(pixel(fromCmyk, 5, 15)[0]).toBeGreaterThan(180);
    const fromGrey = await decoder.decode(grey);
    const [r, g, b] = pixel(fromGrey, 5, 15);
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('gives plain sRGB JPEGs (camera frames) the same pixels as the full pipeline', async () => {
    const bytes = await raw().jpeg({ quality: 80 }).toBuffer();
    const full = await sharp(bytes)
      .rotate()
      .flatten({ background: { r: 128, g: 128, b: 128 } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer();
    expect(Buffer.from((await decoder.decode(bytes)).data).equals(full)).toBe(true);
  });

  it('casts 16-bit images to 8 bits per channel', async () => {
    const deep = await raw().toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const img = await decoder.decode(deep);
    expect(img.data.length).toBe(40 * 30 * 3);
    expect(pixel(img, 5, 15)[0]).toBeGreaterThan(200);
  });

  it('rejects zero bytes, garbage, truncation, tiny and oversized images with codes', async () => {
    const jpeg = await raw().jpeg().toBuffer();
    const big = await sharp({
      create: { width: 300, height: 300, channels: 3, background: '#888' },
    })
      .png()
      .toBuffer();
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const gif = await raw().gif().toBuffer();
    const small = new ImageDecoder({ maxPixels: 200 * 200 });
    await expect(decoder.decode(new Uint8Array(0))).rejects.toMatchObject({
      code: VisionErrorCode.EMPTY_INPUT,
    });
    await expect(decoder.decode(Buffer.from('definitely not an image'))).rejects.toMatchObject({
      code: VisionErrorCode.CORRUPT_IMAGE,
    });
    await expect(
      decoder.decode(jpeg.subarray(0, Math.floor(jpeg.length / 2))),
    ).rejects.toMatchObject({
      code: VisionErrorCode.CORRUPT_IMAGE,
    });
    await expect(decoder.decode(tiny)).rejects.toMatchObject({
      code: VisionErrorCode.IMAGE_TOO_SMALL,
    });
    await expect(small.decode(big)).rejects.toMatchObject({
      code: VisionErrorCode.IMAGE_TOO_LARGE,
    });
    await expect(decoder.decode(gif)).rejects.toMatchObject({
      code: VisionErrorCode.UNSUPPORTED_FORMAT,
    });
  });

  it('rejects a decompression bomb from its header without decoding it', async () => {
    // A 64x64 PNG whose IHDR (with a valid CRC) claims 20000x20000: 1.2 GB of pixels if decoded.
    const bomb = Buffer.from(
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    bomb.writeUInt32BE(20000, 16);
    bomb.writeUInt32BE(20000, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    await expect(decoder.decode(bomb)).rejects.toMatchObject({
      code: VisionErrorCode.IMAGE_TOO_LARGE,
    });
  });

  it('accepts raw RGB and RGBA frames and checks their size', async () => {
    const rgb = await decoder.decode({
      kind: 'raw',
      data: halves(),
      width: 40,
      height: 30,
      channels: 3,
    });
    expect(pixel(rgb, 5, 5)).toEqual([255, 0, 0]);
    const rgba = await decoder.decode({
      kind: 'raw',
      data: halves(40, 30, 4),
      width: 40,
      height: 30,
      channels: 4,
    });
    expect(pixel(rgba, 35, 5)).toEqual([0, 0, 255]);
    await expect(
      decoder.decode({ kind: 'raw', data: halves(), width: 41, height: 30, channels: 3 }),
    ).rejects.toMatchObject({
      code: VisionErrorCode.INVALID_RAW_FRAME,
    });
    await expect(
      decoder.decode({ kind: 'raw', data: new Uint8Array(3), width: 1, height: 1, channels: 3 }),
    ).rejects.toMatchObject({ code: VisionErrorCode.IMAGE_TOO_SMALL });
  });
});
