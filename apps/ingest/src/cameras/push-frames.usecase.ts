import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { accessDecision, type Principal } from '@sightline/governance';
import type { Camera } from './camera';
import { IngestFrameUseCase } from './ingest-frame.usecase';

/** One frame of a PushFrames stream. */
export interface PushFramesItem {
  readonly cameraId: string;
  readonly image: Buffer;
  readonly capturedAt?: Date;
}

export interface PushFramesResult {
  readonly accepted: number;
  readonly rejected: number;
  readonly dropped: number;
  readonly rejections: readonly { index: number; cameraId: string; reason: string }[];
}

export const MAX_REPORTED_REJECTIONS = 10;

/** The state of one PushFrames call: counters and the cameras already looked up. */
export class PushFramesSession {
  private readonly cameras = new Map<string, Camera>();
  private index = 0;
  private accepted = 0;
  private dropped = 0;
  private rejected = 0;
  private readonly rejections: { index: number; cameraId: string; reason: string }[] = [];

  constructor(
    private readonly ingest: Pick<IngestFrameUseCase, 'findCamera' | 'execute'>,
    private readonly principal: Principal,
  ) {}

  /**
   * Ingests one frame. An invalid image, or a frame of a camera the caller may not push to (a
   * partner naming another partner's camera), is rejected and counted and the stream goes on; an
   * unknown camera throws NOT_FOUND, which fails the whole call (the partner is misconfigured).
   */
  async push(item: PushFramesItem): Promise<void> {
    const index = this.index++;
    // Checked before the camera is looked up, so a partner cannot probe which cameras exist.
    const access = accessDecision(this.principal, 'ingest.push', { cameraId: item.cameraId });
    if (access.kind === 'deny') {
      this.reject(index, item.cameraId, access.reason);
      return;
    }
    let camera = this.cameras.get(item.cameraId);
    if (!camera) {
      camera = await this.ingest.findCamera(item.cameraId);
      this.cameras.set(camera.id, camera);
    }
    try {
      const result = await this.ingest.execute(camera, {
        image: item.image,
        capturedAt: item.capturedAt,
        source: 'grpc',
      });
      if (result.outcome === 'published') this.accepted += 1;
      else this.dropped += 1;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.InvalidArgument) throw error;
      this.reject(index, item.cameraId, error.message);
    }
  }

  private reject(index: number, cameraId: string, reason: string): void {
    this.rejected += 1;
    if (this.rejections.length < MAX_REPORTED_REJECTIONS) {
      this.rejections.push({ index, cameraId, reason });
    }
  }

  result(): PushFramesResult {
    return {
      accepted: this.accepted,
      rejected: this.rejected,
      dropped: this.dropped,
      rejections: [...this.rejections],
    };
  }
}

/** Starts a session per PushFrames call. */
@Injectable()
export class PushFramesUseCase {
  constructor(@Inject(IngestFrameUseCase) private readonly ingest: IngestFrameUseCase) {}

  /** `principal` is the verified caller; each frame is checked against its camera scope. */
  startSession(principal: Principal): PushFramesSession {
    return new PushFramesSession(this.ingest, principal);
  }
}
