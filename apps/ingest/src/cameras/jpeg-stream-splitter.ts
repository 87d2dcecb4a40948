const SOI = Buffer.from([0xff, 0xd8]);
const EOI = 0xd9;
const SOS = 0xda;

type Mode = 'outside' | 'segments' | 'entropy';

/**
 * Cuts a byte stream of concatenated JPEGs (ffmpeg's image2pipe/mjpeg output) into whole images,
 * whatever the chunk boundaries. Marker segments are skipped by their length and the entropy-coded
 * data is scanned for a real EOI (stuffed 0xFF00 and restart markers are not ends), so an EXIF
 * thumbnail's own SOI/EOI inside APP1 does not cut a frame in two. Bytes before an SOI are garbage
 * and skipped; a frame larger than `maxFrameBytes` is dropped and the splitter resynchronises, so
 * memory stays bounded even on a stream that never ends a frame.
 */
export class JpegStreamSplitter {
  private mode: Mode = 'outside';
  /** The current frame's bytes so far, from its SOI, while inside a frame. */
  private frame: Buffer = Buffer.alloc(0);
  /** Where parsing resumes inside `frame`. */
  private position = 0;
  /** A trailing 0xFF seen outside a frame: the first half of an SOI split across chunks. */
  private pendingFf = false;
  private discarded = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes thrown away so far: garbage between frames, oversized or unterminated frames. */
  get discardedBytes(): number {
    return this.discarded;
  }

  /** Feeds one chunk; returns the frames it completed, in order. */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let data = chunk;
    while (data.length > 0) {
      if (this.mode === 'outside') {
        data = this.findStart(data);
        continue;
      }
      this.frame = this.frame.length === 0 ? Buffer.from(data) : Buffer.concat([this.frame, data]);
      data = Buffer.alloc(0);
      const end = this.scan();
      if (end === 'corrupt') {
        // Not a JPEG after all: count it as garbage and look for the next SOI after this one.
        data = this.dropFrame();
      } else if (end !== undefined) {
        frames.push(Buffer.from(this.frame.subarray(0, end)));
        data = this.frame.subarray(end);
        this.reset();
      } else if (this.frame.length > this.maxFrameBytes) {
        // No end in sight: drop it and look for the next SOI in what we already hold.
        data = this.dropFrame();
      }
    }
    return frames;
  }

  /** The stream ended: a frame without its EOI is incomplete and dropped. Returns the bytes dropped. */
  end(): number {
    const dropped = this.mode === 'outside' ? 0 : this.frame.length;
    this.discarded += dropped;
    this.reset();
    this.pendingFf = false;
    return dropped;
  }

  private reset(): void {
    this.mode = 'outside';
    this.frame = Buffer.alloc(0);
    this.position = 0;
  }

  /** Skips to the next SOI; returns what follows it (the SOI included) or an empty buffer. */
  private findStart(data: Buffer): Buffer {
    if (this.pendingFf) {
      this.pendingFf = false;
      if (data[0] === 0xd8) {
        this.mode = 'segments';
        this.frame = Buffer.from(SOI);
        this.position = 2;
        return data.subarray(1);
      }
      this.discarded += 1;
    }
    const index = data.indexOf(SOI);
    if (index === -1) {
      const trailingFf = data[data.length - 1] === 0xff;
      this.discarded += data.length - (trailingFf ? 1 : 0);
      this.pendingFf = trailingFf;
      return Buffer.alloc(0);
    }
    this.discarded += index;
    this.mode = 'segments';
    this.frame = Buffer.alloc(0);
    this.position = 2;
    return data.subarray(index);
  }

  /** Advances through `frame`; returns the end offset (after EOI) once the frame is complete. */
  private scan(): number | 'corrupt' | undefined {
    const bytes = this.frame;
    for (;;) {
      if (this.mode === 'segments') {
        if (this.position + 2 > bytes.length) return undefined;
        if (bytes[this.position] !== 0xff) return 'corrupt';
        const marker = bytes[this.position + 1];
        if (marker === 0xff) {
          this.position += 1; // fill byte
          continue;
        }
        if (marker === EOI) return this.position + 2;
        if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
          this.position += 2; // standalone marker, no length
          continue;
        }
        if (this.position + 4 > bytes.length) return undefined;
        const length = bytes.readUInt16BE(this.position + 2);
        if (length < 2) return 'corrupt';
        this.position += 2 + length;
        if (marker === SOS) this.mode = 'entropy';
        continue;
      }
      if (this.position > bytes.length) return undefined;
      const ff = bytes.indexOf(0xff, this.position);
      if (ff === -1 || ff + 1 >= bytes.length) {
        this.position = ff === -1 ? bytes.length : ff;
        return undefined;
      }
      const next = bytes[ff + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        this.position = ff + 2;
      } else if (next === 0xff) {
        this.position = ff + 1;
      } else if (next === EOI) {
        return ff + 2;
      } else {
        // Another marker segment (DHT, a progressive scan's SOS...): parse it by length.
        this.mode = 'segments';
        this.position = ff;
      }
    }
  }

  /** Discards the current frame's SOI and returns the rest, to be searched for the next SOI. */
  private dropFrame(): Buffer {
    const rest = this.frame.subarray(2);
    this.discarded += 2;
    this.reset();
    return rest;
  }
}
