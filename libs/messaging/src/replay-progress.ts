/**
 * How far a replica has replayed a topic it must read whole (a gallery): the end offsets seen at
 * start-up are the goal, so "caught up" means every event that existed when the replica started
 * has been applied, and a replica is not ready to match against a half-built gallery.
 */
export class ReplayProgress {
  private readonly remaining = new Map<string, bigint>();

  /** `highWatermarks`: per topic and partition, the offset the next event will get. */
  constructor(
    highWatermarks: readonly { topic: string; partition: number; high: string; low: string }[],
  ) {
    for (const { topic, partition, high, low } of highWatermarks) {
      if (BigInt(high) > BigInt(low)) this.remaining.set(key(topic, partition), BigInt(high));
    }
  }

  /** Records that the event at `offset` was applied (or dead-lettered). */
  applied(topic: string, partition: number, offset: string): void {
    const id = key(topic, partition);
    const goal = this.remaining.get(id);
    if (goal !== undefined && BigInt(offset) + 1n >= goal) this.remaining.delete(id);
  }

  caughtUp(): boolean {
    return this.remaining.size === 0;
  }

  describe(): string {
    return this.caughtUp() ? 'replayed' : `${this.remaining.size} partition(s) still replaying`;
  }
}

const key = (topic: string, partition: number): string => `${topic}/${partition}`;
