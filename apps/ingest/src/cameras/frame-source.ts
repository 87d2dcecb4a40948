import type { SourceKind } from './camera';

/** The `source` field of frameCaptured: a camera source kind, or how a partner pushed the frame. */
export type FrameSource = SourceKind | 'upload' | 'grpc';
