/** Where a camera's frames come from: a source process ingest runs, or partners pushing frames. */
export type SourceKind = 'file' | 'rtsp' | 'http';

/** A registered camera as stored in the `cameras` collection. */
export interface Camera {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly sensitive: boolean;
  /** Frames per second sampled from the source (0.1..30). */
  readonly samplingFps: number;
  /** file:///abs/path, rtsp://..., http(s)://...; absent for a push-only camera. */
  readonly sourceUri?: string;
  /** Replay a file source forever. */
  readonly loop: boolean;
  /** Read a file source at its native rate (ffmpeg -re) rather than as fast as possible. */
  readonly realtime: boolean;
  /** ISO-8601 instant of the first registration. */
  readonly createdAt: string;
}

/** What a client may set; createdAt is the registry's. */
export type CameraSpec = Omit<Camera, 'createdAt'>;

export const MIN_SAMPLING_FPS = 0.1;
export const MAX_SAMPLING_FPS = 30;

/** The kind of source behind a URI, or undefined for a push-only camera. */
export function sourceKindOf(sourceUri: string | undefined): SourceKind | undefined {
  if (!sourceUri) return undefined;
  const protocol = sourceUri.slice(0, sourceUri.indexOf(':')).toLowerCase();
  switch (protocol) {
    case 'file':
      return 'file';
    case 'rtsp':
    case 'rtsps':
      return 'rtsp';
    case 'http':
    case 'https':
      return 'http';
    default:
      return undefined;
  }
}
