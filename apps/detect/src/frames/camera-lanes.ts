import { Injectable } from '@nestjs/common';

/**
 * Runs each camera's work one piece at a time, in arrival order. Frames of a camera already
 * arrive in order from one partition, but the idle timer publishes outside any Kafka handler:
 * sharing the lane keeps a track's faces ahead of its trackClosed and stops the timer and a
 * frame from both closing the same track.
 */
@Injectable()
export class CameraLanes {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(cameraId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(cameraId) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(cameraId, tail);
    void tail.then(() => {
      if (this.tails.get(cameraId) === tail) this.tails.delete(cameraId);
    });
    return result;
  }

  /** Resolves once every piece of work queued so far has settled (for a clean shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
