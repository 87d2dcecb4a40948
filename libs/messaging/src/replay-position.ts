/** Where a replay resumes in one partition: `offset` is the next event to apply. */
export interface ReplayPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** A partition of a replayed topic as the broker sees it at start-up. */
export interface PartitionEnds {
  readonly topic: string;
  readonly partition: number;
  /** Offset the next event will get. */
  readonly high: string;
  /** Oldest offset still held. */
  readonly low: string;
}

/**
 * Asked once, before a replay starts, where it may resume (a snapshot's positions). Partitions it
 * does not name are replayed from the beginning; it gets the broker's ends so it can refuse a
 * snapshot the log no longer agrees with (topic recreated, events deleted).
 */
export type ReplayStartPoint = (
  ends: readonly PartitionEnds[],
) => Promise<readonly ReplayPosition[]>;

/** Positions that fall outside what the broker holds, each with the reason; empty when usable. */
export function unusablePositions(
  positions: readonly ReplayPosition[],
  ends: readonly PartitionEnds[],
): string[] {
  const problems: string[] = [];
  for (const position of positions) {
    const end = ends.find(
      (candidate) =>
        candidate.topic === position.topic && candidate.partition === position.partition,
    );
    const at = `${position.topic}/${position.partition}@${position.offset}`;
    if (!end) problems.push(`${at}: the partition does not exist`);
    else if (BigInt(position.offset) > BigInt(end.high))
      problems.push(`${at}: past the end of the log (${end.high})`);
    else if (BigInt(position.offset) < BigInt(end.low))
      problems.push(`${at}: events before ${end.low} were deleted`);
  }
  return problems;
}
