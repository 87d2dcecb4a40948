import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

/** Photos that ship in the face-api npm package (MIT): group shots of several people each. */
export const DEMO_PHOTO_DIR = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'node_modules',
  '@vladmandic',
  'face-api',
  'demo',
);

export function demoPhotoPath(sample: number): string {
  return path.join(DEMO_PHOTO_DIR, `sample${sample}.jpg`);
}

/** One shot of the sample video: a still photo panned slowly, or an empty grey gap. */
export type SampleShot =
  | { readonly kind: 'photo'; readonly sample: number; readonly seconds: number }
  | { readonly kind: 'gap'; readonly seconds: number };

/**
 * The sample camera: three group photos with grey gaps between them. Each photo is panned so the
 * faces move, and each gap is longer than a track may go unseen, so every face of a shot is one
 * track. The person enrolled by the demo (`ENROLMENT_PHOTO`) appears in the second shot only.
 */
export const SAMPLE_SHOTS: readonly SampleShot[] = [
  { kind: 'gap', seconds: 1 },
  { kind: 'photo', sample: 2, seconds: 3 },
  { kind: 'gap', seconds: 2.5 },
  { kind: 'photo', sample: 3, seconds: 3 },
  { kind: 'gap', seconds: 2.5 },
  { kind: 'photo', sample: 4, seconds: 3 },
  { kind: 'gap', seconds: 2.5 },
];

export const SAMPLE_VIDEO_SIZE = { width: 1280, height: 720, fps: 10 } as const;

/** Start and end (seconds into the video) of each shot. */
export function shotTimes(
  shots: readonly SampleShot[] = SAMPLE_SHOTS,
): { shot: SampleShot; start: number; end: number }[] {
  let start = 0;
  return shots.map((shot) => {
    const entry = { shot, start, end: start + shot.seconds };
    start = entry.end;
    return entry;
  });
}

/**
 * Builds the sample video with ffmpeg (H.264 in MP4) unless it is already there, and returns its
 * path. Deterministic for a given ffmpeg, so tests and the demo share one file.
 */
export async function buildSampleVideo(
  outputDir: string,
  shots: readonly SampleShot[] = SAMPLE_SHOTS,
): Promise<string> {
  await mkdir(outputDir, { recursive: true });
  const output = path.join(outputDir, 'sample-camera.mp4');
  const { width, height, fps } = SAMPLE_VIDEO_SIZE;
  const inputs: string[] = [];
  const filters: string[] = [];
  shots.forEach((shot, index) => {
    if (shot.kind === 'photo') {
      inputs.push('-loop', '1', '-framerate', String(fps), '-t', String(shot.seconds));
      inputs.push('-i', demoPhotoPath(shot.sample));
      // Slightly wider than the frame, then a crop sliding 40 px/s: faces move like a slow walker.
      filters.push(
        `[${index}:v]scale=${width + 160}:-2,crop=${width}:${height}:x='min(t*40,iw-ow)':y=0,setsar=1,format=yuv420p[v${index}]`,
      );
    } else {
      inputs.push('-f', 'lavfi', '-t', String(shot.seconds));
      inputs.push('-i', `color=c=0x808080:s=${width}x${height}:r=${fps}`);
      filters.push(`[${index}:v]setsar=1,format=yuv420p[v${index}]`);
    }
  });
  const concat = `${shots.map((_, index) => `[v${index}]`).join('')}concat=n=${shots.length}:v=1:a=0[out]`;
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    [...filters, concat].join(';'),
    '-map',
    '[out]',
    '-r',
    String(fps),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '20',
    '-pix_fmt',
    'yuv420p',
    output,
  ]);
  return output;
}

/**
 * The enrolment photo: one person from sample 1 (face at 1438,209 255x241 in the original), cut out
 * with a margin so the photo holds exactly one face. The same person appears in sample 3, which is
 * a different photograph, so the match is a real one and not an image compared with itself.
 */
export async function enrolmentPhoto(): Promise<Buffer> {
  return sharp(await readFile(demoPhotoPath(1)))
    .extract({ left: 1290, top: 60, width: 560, height: 560 })
    .jpeg({ quality: 92 })
    .toBuffer();
}
