import {
  newEnvelope,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  TOPICS,
  watchlistCreated,
  type EventEnvelope,
} from '@sightline/contracts';
import { ensureTopics } from '@sightline/messaging';
import {
  freePort,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { galleryTestKafka, publishGalleryEvents, unitTemplate } from './gallery-log.fixture';

/**
 * A match replica with MATCH_SNAPSHOT_DIR restarts from its snapshot and replays only what came
 * after it, on the real broker, and ends with the gallery a full replay gives.
 */
const kafka = galleryTestKafka('it-gallery-snapshot');

const publish = (events: EventEnvelope[]): Promise<void> => publishGalleryEvents(kafka, events);

async function highWatermarks(): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.galleries.name);
  await admin.disconnect();
  return new Map(ends.map((end) => [end.partition, end.high]));
}

async function metric(httpUrl: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  let sum = 0;
  for (const match of text.matchAll(pattern)) sum += Number(match[1]);
  return sum;
}

const liveTemplates = (httpUrl: string): Promise<number> =>
  metric(httpUrl, /^sightline_gallery_templates\{[^}]*\} (\d+)/gm);
const galleryEventsHandled = (httpUrl: string): Promise<number> =>
  metric(
    httpUrl,
    new RegExp(
      `^sightline_handler_messages_total\\{[^}]*topic="${TOPICS.galleries.name}"[^}]*\\} (\\d+)`,
      'gm',
    ),
  );

describe('match gallery snapshots', () => {
  let service: ServiceProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'it-gallery-snapshot-'));
  afterEach(async () => {
    await service?.stop('SIGKILL');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function start(): Promise<{ httpUrl: string; service: ServiceProcess }> {
    const started = startServiceProcess('apps/match/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      MONGO_URL: testInfra.mongoUrl,
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
      MATCH_SNAPSHOT_DIR: dir,
      MATCH_SNAPSHOT_INTERVAL_S: '1',
    });
    service = started;
    const httpUrl = await waitForHttpUrl(started);
    await waitFor(
      async () => ((await (await fetch(`${httpUrl}/readyz`)).json()) as { status: string }).status,
      (status) => status === 'ready',
      { what: 'match to replay the gallery', timeoutMs: 60_000 },
    );
    return { httpUrl, service: started };
  }

  it('restarts from its snapshot, replays only the events after it, and agrees with a full replay', async () => {
    await ensureTopics(kafka, [TOPICS.galleries], { replicationFactor: 1 });
    const watchlistId = uniqueName('wl-snap');
    const base = { source: 'it' };
    const enrol = (subjectId: string, seed: number): EventEnvelope[] => [
      newEnvelope(
        subjectEnrolled,
        {
          watchlistId,
          subjectId,
          displayName: subjectId,
          legalBasis: 'warrant',
          sourceReference: 'ref',
          enrolledBy: 'enroller',
        },
        base,
      ),
      newEnvelope(
        templateAdded,
        {
          watchlistId,
          subjectId,
          templateId: `t-${subjectId}`,
          template: unitTemplate(seed),
          embedder: 'dlib',
          photoReference: `p-${subjectId}`,
        },
        base,
      ),
    ];
    await publish([
      newEnvelope(
        watchlistCreated,
        {
          watchlistId,
          name: 'Snapshot',
          purpose: 'test',
          legalBasis: 'test basis',
          authorisedBy: 'judge',
          owner: 'unit',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          zones: ['north'],
          threshold: 0.6,
          reviewMode: 'single',
        },
        base,
      ),
      ...enrol('s1', 1),
      ...enrol('s2', 2),
    ]);

    // First life: full replay, then a snapshot that covers the whole log.
    const first = await start();
    const fullReplay = await liveTemplates(first.httpUrl);
    const ends = await highWatermarks();
    await waitFor(
      () => {
        const manifest = join(dir, 'current', 'manifest.json');
        if (!existsSync(manifest)) return [];
        return (
          JSON.parse(readFileSync(manifest, 'utf8')) as {
            position: { positions: { partition: number; offset: string }[] };
          }
        ).position.positions;
      },
      (positions) =>
        [...ends].every(
          ([partition, high]) =>
            high === '0' || positions.some((p) => p.partition === partition && p.offset === high),
        ),
      { what: 'a snapshot covering the whole gallery log', timeoutMs: 30_000 },
    );
    await first.service.stop('SIGKILL');

    // While it is down: one subject removed, another enrolled.
    const later = [
      newEnvelope(
        subjectRemoved,
        { watchlistId, subjectId: 's1', removedBy: 'admin', reason: 'end of case' },
        base,
      ),
      ...enrol('s3', 3),
    ];
    await publish(later);

    const second = await start();
    expect(second.service.output()).toContain('gallery restored from snapshot');
    expect(second.service.output()).toContain('replay resumes from a snapshot');
    // Only the events after the snapshot went through the replay consumer.
    expect(await galleryEventsHandled(second.httpUrl)).toBe(later.length);
    expect(await liveTemplates(second.httpUrl)).toBe(fullReplay - 1 + 1);

    // A replica without the snapshot, replaying the whole log, ends with the same gallery.
    await second.service.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    const fresh = await start();
    expect(fresh.service.output()).not.toContain('gallery restored from snapshot');
    expect(await liveTemplates(fresh.httpUrl)).toBe(fullReplay);
    expect(await galleryEventsHandled(fresh.httpUrl)).toBeGreaterThan(later.length);
  });
});
