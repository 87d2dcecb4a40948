/**
 * A fixed-capacity FIFO between a camera's source and the publisher. When full, `push` drops the
 * OLDEST item: for live video the newest frame is the one worth sending. `take` waits for an item.
 */
export class BoundedFrameQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((item: T | undefined) => void) | undefined;
  private closed = false;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`queue capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.items.length;
  }

  get isFull(): boolean {
    return this.items.length >= this.capacity;
  }

  /** Adds an item; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    if (this.closed) return item;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter(item);
      return undefined;
    }
    const dropped = this.isFull ? this.items.shift() : undefined;
    this.items.push(item);
    return dropped;
  }

  /**
   * Adds an item even beyond capacity. For a source that is paused when the queue is full (a
   * file): the frames of the chunk being split when it filled up are kept rather than dropped, so
   * the overshoot is bounded by one pipe chunk.
   */
  pushWithoutDrop(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter(item);
      return;
    }
    this.items.push(item);
  }

  /** The oldest item, waiting for one if empty; undefined once the queue is closed and drained. */
  async take(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) return item;
    if (this.closed) return undefined;
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** No more items will come: a pending `take` resolves with undefined once the rest is taken. */
  close(): void {
    this.closed = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(undefined);
  }

  /** Empties the queue, returning how many items were thrown away. */
  clear(): number {
    const count = this.items.length;
    this.items.length = 0;
    return count;
  }
}
