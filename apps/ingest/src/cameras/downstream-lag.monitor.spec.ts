import type { SightlineConfig } from '@sightline/config';
import { createLogger, ServiceMetrics } from '@sightline/observability';
import type { Kafka } from 'kafkajs';
import { partitionOfKey } from './downstream-lag';
import { DownstreamLagMonitor } from './downstream-lag.monitor';
import { IngestMetrics } from './ingest-metrics';

function monitorWith(
  ends: { partition: number; high: string }[],
  committed: { partition: number; offset: string }[],
  failing = false,
) {
  const groups: string[] = [];
  const kafka = {
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchTopicOffsets: async () => {
        if (failing) throw new Error('broker down');
        return ends;
      },
      fetchOffsets: async ({ groupId }: { groupId: string }) => {
        groups.push(groupId);
        return [{ topic: 'frames.v1', partitions: committed }];
      },
    }),
  } as unknown as Kafka;
  const config = {
    ingest: { maxDownstreamLag: 50, downstreamGroup: 'sightline.detect' },
  } as SightlineConfig;
  const monitor = new DownstreamLagMonitor(
    kafka,
    config,
    new IngestMetrics(new ServiceMetrics('ingest-test')),
    createLogger({ service: 'test', level: 'silent' }),
  );
  return { monitor, groups };
}

describe('DownstreamLagMonitor', () => {
  const ends = Array.from({ length: 6 }, (_, partition) => ({ partition, high: '1000' }));

  it('back-pressures only the cameras whose partition lags beyond the limit', async () => {
    const slow = 'cam-slow';
    const slowPartition = partitionOfKey(slow, 6);
    const fast = ['cam-a', 'cam-b', 'cam-c', 'cam-d', 'cam-e'].find(
      (id) => partitionOfKey(id, 6) !== slowPartition,
    );
    if (!fast) throw new Error('every test key hashed to one partition');
    const committed = ends.map(({ partition }) => ({
      partition,
      offset: partition === slowPartition ? '900' : '990',
    }));
    const { monitor, groups } = monitorWith(ends, committed);
    expect(monitor.isBackpressured(slow)).toBe(false); // nothing known before the first poll
    await monitor.poll();
    expect(groups).toEqual(['sightline.detect']);
    expect(monitor.lagOf(slow)).toBe(100);
    expect(monitor.isBackpressured(slow)).toBe(true);
    expect(monitor.lagOf(fast)).toBe(10);
    expect(monitor.isBackpressured(fast)).toBe(false);
  });

  it('applies no back-pressure while the downstream group has never committed', async () => {
    const { monitor } = monitorWith(ends, []);
    await monitor.poll();
    expect(monitor.isBackpressured('cam-1')).toBe(false);
  });

  it('keeps the last known lag when the admin cannot answer', async () => {
    const { monitor } = monitorWith(ends, [], true);
    await expect(monitor.poll()).resolves.toBeUndefined();
    expect(monitor.lagOf('cam-1')).toBe(0);
  });
});
