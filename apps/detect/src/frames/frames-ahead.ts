/**
 * Work started on frames ahead of their turn (the frames topic's lookahead), by envelope id, for
 * the frame's handler to take over. Bounded: an entry whose frame never reaches its handler here
 * (the partition moved to another replica, the frame went stale) is dropped, oldest first.
 */
export class FramesAhead<T> {
  private readonly started = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  put(frameId: string, work: Promise<T>): void {
    // Its failure is the handler's to report once it takes the work; until then it is no crash.
    work.catch(() => undefined);
    this.started.delete(frameId);
    this.started.set(frameId, work);
    for (const oldest of this.started.keys()) {
      if (this.started.size <= this.capacity) break;
      this.started.delete(oldest);
    }
  }

  /** The work started for the frame, if any; it is forgotten here either way. */
  take(frameId: string): Promise<T> | undefined {
    const work = this.started.get(frameId);
    this.started.delete(frameId);
    return work;
  }

  get size(): number {
    return this.started.size;
  }
}
