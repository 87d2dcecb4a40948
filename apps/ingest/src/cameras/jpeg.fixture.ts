/** Hand-built JPEG byte streams for parser tests: the structure is real, the pixels are not. */
function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

export interface SyntheticJpegOptions {
  readonly width: number;
  readonly height: number;
  /** Entropy-coded bytes; include 0xff 0x00 (stuffing) and 0xff 0xd0 (restart) to test the scanner. */
  readonly entropy?: number[];
  /** Adds an APP1 segment holding a nested thumbnail JPEG (its own SOI/EOI). */
  readonly thumbnail?: boolean;
  /** Uses a progressive SOF2 and two scans instead of one baseline scan. */
  readonly progressive?: boolean;
}

export function syntheticJpeg(options: SyntheticJpegOptions): Buffer {
  const entropy = options.entropy ?? [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0x78];
  const bytes: number[] = [0xff, 0xd8];
  bytes.push(...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  if (options.thumbnail) {
    bytes.push(...segment(0xe1, [0x45, 0x78, 0x69, 0x66, 0, 0, 0xff, 0xd8, 0xff, 0xd9, 0x01]));
  }
  bytes.push(
    ...segment(
      0xdb,
      Array.from({ length: 65 }, (_, i) => i),
    ),
  );
  const sof = options.progressive ? 0xc2 : 0xc0;
  bytes.push(
    ...segment(sof, [
      8,
      options.height >> 8,
      options.height & 0xff,
      options.width >> 8,
      options.width & 0xff,
      1,
      1,
      0x11,
      0,
    ]),
  );
  bytes.push(...segment(0xc4, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  bytes.push(...segment(0xda, [1, 1, 0, 0, 0x3f, 0]));
  bytes.push(...entropy);
  if (options.progressive) {
    bytes.push(...segment(0xc4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    bytes.push(...segment(0xda, [1, 1, 0x10, 1, 0x3f, 0]));
    bytes.push(...entropy);
  }
  bytes.push(0xff, 0xd9);
  return Buffer.from(bytes);
}
