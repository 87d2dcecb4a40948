import { assertUnreachable } from '@sightline/contracts';
import { ingestV1 } from '@sightline/proto';
import type { CameraState } from './camera-status';
import type { CameraView } from './query-cameras.usecase';

/** google.protobuf.Timestamp as proto-loader's object form (longs as Number). */
export interface WireTimestamp {
  readonly seconds: number;
  readonly nanos: number;
}

/** ingest.v1 Camera in proto-loader's object form (camelCase fields, enums as numbers). */
export interface WireCamera {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly sensitive: boolean;
  readonly samplingFps: number;
  readonly sourceUri: string;
  readonly loop: boolean;
  readonly realtime: boolean;
  readonly createdAt: WireTimestamp;
  readonly status: {
    readonly state: ingestV1.CameraState;
    readonly framesPublished: number;
    readonly framesDropped: number;
    readonly framesRejected: number;
    readonly lastError: string;
    readonly reconnectAttempts: number;
  };
}

export function toWireTimestamp(iso: string): WireTimestamp {
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

export function fromWireTimestamp(
  timestamp: { seconds?: number | null; nanos?: number | null } | null | undefined,
): Date | undefined {
  if (!timestamp) return undefined;
  const ms = Number(timestamp.seconds ?? 0) * 1000 + Math.floor(Number(timestamp.nanos ?? 0) / 1e6);
  return ms > 0 ? new Date(ms) : undefined;
}

export function toWireState(state: CameraState): ingestV1.CameraState {
  switch (state) {
    case 'unknown':
      return ingestV1.CameraState.CAMERA_STATE_UNSPECIFIED;
    case 'starting':
      return ingestV1.CameraState.CAMERA_STATE_STARTING;
    case 'running':
      return ingestV1.CameraState.CAMERA_STATE_RUNNING;
    case 'reconnecting':
      return ingestV1.CameraState.CAMERA_STATE_RECONNECTING;
    case 'finished':
      return ingestV1.CameraState.CAMERA_STATE_FINISHED;
    case 'failed':
      return ingestV1.CameraState.CAMERA_STATE_FAILED;
    case 'push_only':
      return ingestV1.CameraState.CAMERA_STATE_PUSH_ONLY;
    default:
      return assertUnreachable(state);
  }
}

export function toWireCamera({ camera, status }: CameraView): WireCamera {
  return {
    id: camera.id,
    name: camera.name,
    zone: camera.zone,
    sensitive: camera.sensitive,
    samplingFps: camera.samplingFps,
    sourceUri: camera.sourceUri ?? '',
    loop: camera.loop,
    realtime: camera.realtime,
    createdAt: toWireTimestamp(camera.createdAt),
    status: { ...status, state: toWireState(status.state) },
  };
}
