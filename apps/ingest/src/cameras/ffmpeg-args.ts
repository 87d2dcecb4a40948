import { assertUnreachable } from '@sightline/contracts';
import { fileURLToPath } from 'node:url';
import { sourceKindOf, type Camera } from './camera';

/** Socket timeout for network sources, in microseconds: a silent camera fails instead of hanging. */
const NETWORK_TIMEOUT_US = 5_000_000;

/**
 * The ffmpeg command line that turns a camera's source into JPEG frames at its sampling rate on
 * stdout (image2pipe). Input options come before -i; `-re` reads a file at its native rate the way
 * a camera would deliver it, `-stream_loop -1` replays it forever. RTSP goes over TCP (no lost
 * UDP packets smearing frames). Only the video stream is decoded.
 */
export function buildFfmpegArgs(
  camera: Pick<Camera, 'sourceUri' | 'samplingFps' | 'loop' | 'realtime'>,
): string[] {
  const uri = camera.sourceUri;
  const kind = sourceKindOf(uri);
  if (!uri || !kind) throw new Error(`camera has no ffmpeg source: ${JSON.stringify(uri)}`);
  const input: string[] = [];
  let target = uri;
  switch (kind) {
    case 'file':
      if (camera.realtime) input.push('-re');
      if (camera.loop) input.push('-stream_loop', '-1');
      target = fileURLToPath(uri);
      break;
    case 'rtsp':
      input.push('-rtsp_transport', 'tcp', '-timeout', String(NETWORK_TIMEOUT_US));
      break;
    case 'http':
      input.push('-rw_timeout', String(NETWORK_TIMEOUT_US));
      break;
    default:
      return assertUnreachable(kind);
  }
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    ...input,
    '-i',
    target,
    '-an',
    '-vf',
    // Full-range YUV is what the MJPEG encoder expects; without it some inputs are refused.
    `fps=${formatFps(camera.samplingFps)},format=yuvj420p`,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '3',
    'pipe:1',
  ];
}

/** fps as ffmpeg reads it: no exponent, no trailing zeros. */
function formatFps(fps: number): string {
  return String(Number(fps.toFixed(3)));
}
