import { Partitioners, type PartitionMetadata } from 'kafkajs';

/** Offsets as kafkajs admin returns them (strings). */
export interface TopicEndOffset {
  readonly partition: number;
  readonly high: string;
}
export interface CommittedOffset {
  readonly partition: number;
  readonly offset: string;
}

/**
 * Messages the group still has to read, per partition. A partition the group never committed on
 * (the group does not exist yet, or detect is not running) counts as 0: back-pressure only reacts
 * to a consumer that exists and falls behind; without one, frames simply age out of the topic.
 */
export function partitionLags(
  ends: readonly TopicEndOffset[],
  committed: readonly CommittedOffset[],
): Map<number, number> {
  const byPartition = new Map(committed.map((entry) => [entry.partition, Number(entry.offset)]));
  const lags = new Map<number, number>();
  for (const end of ends) {
    const offset = byPartition.get(end.partition) ?? -1;
    lags.set(end.partition, offset < 0 ? 0 : Math.max(0, Number(end.high) - offset));
  }
  return lags;
}

const partitioner = Partitioners.DefaultPartitioner();

/** The partition EventPublisher's producer (kafkajs DefaultPartitioner, murmur2 of the key) picks. */
export function partitionOfKey(key: string, partitionCount: number): number {
  const partitionMetadata: PartitionMetadata[] = Array.from(
    { length: partitionCount },
    (_, id) => ({
      partitionId: id,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }),
  );
  return partitioner({ topic: 'frames', partitionMetadata, message: { key, value: null } });
}

/** Back-pressure: drop a camera's new frames while its partition lags more than allowed. */
export function shouldDropForLag(lag: number, maxLag: number): boolean {
  return lag > maxLag;
}
