import { Injectable } from '@nestjs/common';
import { UNKNOWN_STATUS, type CameraState, type CameraStatus } from './camera-status';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every camera's status on this replica, written by sources and the publisher, read by the APIs. */
@Injectable()
export class CameraStatusBoard {
  private readonly statuses = new Map<string, Mutable<CameraStatus>>();

  get(cameraId: string): CameraStatus {
    return { ...(this.statuses.get(cameraId) ?? UNKNOWN_STATUS) };
  }

  all(): ReadonlyMap<string, CameraStatus> {
    return new Map([...this.statuses].map(([id, status]) => [id, { ...status }]));
  }

  setState(cameraId: string, state: CameraState, lastError?: string): void {
    const status = this.entry(cameraId);
    status.state = state;
    if (lastError !== undefined) status.lastError = lastError;
  }

  countPublished(cameraId: string, capturedAt: Date): void {
    const status = this.entry(cameraId);
    status.framesPublished += 1;
    status.lastFrameAt = capturedAt.toISOString();
  }

  setConsecutiveFailures(cameraId: string, failures: number): void {
    this.entry(cameraId).consecutiveFailures = failures;
  }

  countDropped(cameraId: string): void {
    this.entry(cameraId).framesDropped += 1;
  }

  countRejected(cameraId: string): void {
    this.entry(cameraId).framesRejected += 1;
  }

  countReconnect(cameraId: string): void {
    this.entry(cameraId).reconnectAttempts += 1;
  }

  forget(cameraId: string): void {
    this.statuses.delete(cameraId);
  }

  private entry(cameraId: string): Mutable<CameraStatus> {
    let status = this.statuses.get(cameraId);
    if (!status) {
      status = { ...UNKNOWN_STATUS };
      this.statuses.set(cameraId, status);
    }
    return status;
  }
}
