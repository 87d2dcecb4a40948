import { DomainError, ErrorCode } from '@sightline/contracts';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { MAX_SAMPLING_FPS, MIN_SAMPLING_FPS, sourceKindOf, type CameraSpec } from './camera';

/** What a client sends to register a camera, before validation. */
export interface CameraInput {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly sensitive?: boolean;
  readonly samplingFps: number;
  readonly sourceUri?: string;
  readonly loop?: boolean;
  /** Defaults to true: a file is replayed at the pace a camera would deliver it. */
  readonly realtime?: boolean;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Checks a registration and returns the normalised camera, or throws INVALID_ARGUMENT naming the
 * field. Whether a zone may be watched at all (places of worship, clinics, protests) is a
 * governance decision taken elsewhere, not here.
 */
export function validateCamera(input: CameraInput): CameraSpec {
  const id = (input.id ?? '').trim();
  if (!ID_PATTERN.test(id)) {
    throw invalid(
      'id',
      `camera id must be 1-128 characters of letters, digits, '.', '_', ':' or '-' (got ${JSON.stringify(input.id ?? '')})`,
    );
  }
  const name = (input.name ?? '').trim();
  if (name.length === 0 || name.length > 200) {
    throw invalid('name', `camera ${id}: name is required and at most 200 characters`);
  }
  const zone = (input.zone ?? '').trim();
  if (zone.length === 0 || zone.length > 128) {
    throw invalid('zone', `camera ${id}: zone is required and at most 128 characters`);
  }
  const fps = input.samplingFps;
  if (!Number.isFinite(fps) || fps < MIN_SAMPLING_FPS || fps > MAX_SAMPLING_FPS) {
    throw invalid(
      'samplingFps',
      `camera ${id}: sampling fps must be between ${MIN_SAMPLING_FPS} and ${MAX_SAMPLING_FPS} (got ${fps})`,
    );
  }
  const sourceUri = (input.sourceUri ?? '').trim();
  const kind = sourceKindOf(sourceUri);
  if (sourceUri && !kind) {
    throw invalid(
      'sourceUri',
      `camera ${id}: source must be file:///absolute/path, rtsp://, http:// or https:// (got ${JSON.stringify(sourceUri)})`,
    );
  }
  if (kind === 'file') checkFileUri(id, sourceUri);
  if (kind === 'rtsp' || kind === 'http') checkNetworkUri(id, sourceUri);
  const loop = input.loop ?? false;
  if (loop && kind !== 'file') {
    throw invalid('loop', `camera ${id}: loop applies only to file:// sources`);
  }
  return {
    id,
    name,
    zone,
    sensitive: input.sensitive ?? false,
    samplingFps: fps,
    ...(sourceUri ? { sourceUri } : {}),
    loop,
    realtime: input.realtime ?? true,
  };
}

function checkFileUri(id: string, uri: string): void {
  let filePath: string;
  try {
    filePath = fileURLToPath(uri);
  } catch (error) {
    throw invalid(
      'sourceUri',
      `camera ${id}: ${JSON.stringify(uri)} is not a valid file URL (${(error as Error).message})`,
    );
  }
  if (!path.isAbsolute(filePath) || !uri.startsWith('file:///')) {
    throw invalid('sourceUri', `camera ${id}: a file source must be an absolute file:/// URL`);
  }
}

function checkNetworkUri(id: string, uri: string): void {
  let host = '';
  try {
    host = new URL(uri).hostname;
  } catch {
    host = '';
  }
  if (!host) throw invalid('sourceUri', `camera ${id}: ${JSON.stringify(uri)} has no host`);
}

function invalid(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.InvalidArgument, message, { field });
}
