import { createFacePipeline, ImageDecoder } from '@sightline/vision';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface PeerFigures {
  readonly frames: number;
  readonly faces: number;
  readonly fps: number;
  readonly ms_per_frame: number;
}

/**
 * The video's frames as the JPEGs ingest would publish (ffmpeg MJPEG, the same quality): the first
 * `count`, or every `everyNth` one of the whole video.
 */
export function extractFrames(
  video: string,
  height: number,
  dir: string,
  { count, everyNth = 1 }: { readonly count?: number; readonly everyNth?: number },
): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const select = everyNth > 1 ? [`select=not(mod(n\\,${everyNth}))`] : [];
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    video,
    '-vf',
    [...select, `scale=-2:${height}`].join(','),
    ...(select.length > 0 ? ['-vsync', 'vfr'] : []),
    ...(count === undefined ? [] : ['-frames:v', String(count)]),
    '-q:v',
    '3',
    path.join(dir, 'f%04d.jpg'),
  ]);
  return readdirSync(dir)
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * The peer: the same models on the same frames in one process, no Kafka, no services, no tracker.
 * It embeds every usable face (the mesh embeds only a track's best few), so it is the compute
 * bound one Node process reaches on this machine, and the mesh's distance from it is the price of
 * distribution.
 */
export async function runInProcessPeer(
  frames: readonly string[],
  modelDir: string,
): Promise<PeerFigures> {
  const pipeline = await createFacePipeline({ modelDir, threads: 1 });
  const decoder = new ImageDecoder();
  try {
    // One warm-up frame: ORT allocates on the first run.
    await pipeline.analyse(await decoder.decode(readFileSync(frames[0] ?? '')));
    let faces = 0;
    const started = performance.now();
    for (const frame of frames) {
      faces += (await pipeline.analyse(await decoder.decode(readFileSync(frame)))).length;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      frames: frames.length,
      faces,
      fps: frames.length / seconds,
      ms_per_frame: (seconds * 1000) / frames.length,
    };
  } finally {
    await pipeline.release();
  }
}
