import type { ReplayPosition } from './replay-position';

/**
 * The highest offset applied per partition of a replayed topic, kept in memory. A replay group
 * commits nothing (it is new at every start), so a rebalance would rewind its consumer to where
 * it started; the cursor skips what was already applied, because re-applying an old event after a
 * later one (a template added, then removed) could briefly undo the later one.
 */
export class ReplayCursor {
  private readonly next = new Map<string, bigint>();

  /** `from`: where the replay starts (a snapshot's positions); everything before is applied. */
  constructor(from: readonly ReplayPosition[] = []) {
    for (const { topic, partition, offset } of from)
      this.next.set(key(topic, partition), BigInt(offset));
  }

  isApplied(topic: string, partition: number, offset: string): boolean {
    const next = this.next.get(key(topic, partition));
    return next !== undefined && BigInt(offset) < next;
  }

  markApplied(topic: string, partition: number, offset: string): void {
    const id = key(topic, partition);
    const next = BigInt(offset) + 1n;
    if (next > (this.next.get(id) ?? 0n)) this.next.set(id, next);
  }
}

const key = (topic: string, partition: number): string => `${topic}/${partition}`;
