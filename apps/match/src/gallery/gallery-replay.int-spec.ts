import {
  ContractRegistry,
  deadLetterTopicName,
  decodeEnvelope,
  newEnvelope,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  TOPICS,
  watchlistCreated,
  type EventEnvelope,
} from '@sightline/contracts';
import { asGalleryEvent, GalleryProjection } from '@sightline/matching';
import { DEAD_LETTER_HEADERS, ensureTopics } from '@sightline/messaging';
import {
  freePort,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  readDeadLetters,
  type DeadLetter,
  type ServiceProcess,
} from '@sightline/testing';
import { galleryTestKafka, publishGalleryEvents, unitTemplate } from './gallery-log.fixture';
import { TEMPLATE_DIMENSION } from './gallery-state';

/**
 * The match service builds its gallery by replaying galleries.v1 at start and then follows it
 * live. Runs the real service process against the real broker; galleries.v1 may hold events of
 * earlier runs, so expectations are computed by replaying the same topic here.
 */
const kafka = galleryTestKafka('it-gallery');
const registry = new ContractRegistry([TOPICS.galleries]);

const publish = (events: EventEnvelope[]): Promise<void> => publishGalleryEvents(kafka, events);

/** Replays the whole topic in-process with the same library: what the service must end up with. */
async function expectedLiveTemplates(): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.galleries.name);
  await admin.disconnect();
  const remaining = new Map(
    ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]),
  );
  const projection = new GalleryProjection({ dimension: TEMPLATE_DIMENSION });
  const consumer = kafka.consumer({ groupId: uniqueName('it-gallery-expect') });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.galleries.name, fromBeginning: true });
  const events: { partition: number; offset: number; envelope: EventEnvelope | undefined }[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      let envelope: EventEnvelope | undefined;
      try {
        envelope = decodeEnvelope(message.value, registry);
      } catch {
        envelope = undefined;
      }
      events.push({ partition, offset: Number(message.offset), envelope });
    },
  });
  await waitFor(
    () => events,
    (seen) =>
      [...remaining].every(([partition, high]) =>
        seen.some((e) => e.partition === partition && e.offset === high - 1),
      ),
    { what: 'the gallery topic to be read to its end' },
  );
  await consumer.disconnect();
  for (const partition of new Set(events.map((e) => e.partition))) {
    for (const { envelope } of events
      .filter((e) => e.partition === partition)
      .sort((a, b) => a.offset - b.offset)) {
      const event = envelope && asGalleryEvent(envelope);
      if (!event) continue;
      try {
        projection.apply(event);
      } catch {
        // Dead-lettered by the service too.
      }
    }
  }
  return projection.stats().liveTemplates;
}

async function liveTemplates(httpUrl: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const match = /^sightline_gallery_templates\{[^}]*\} (\d+)/m.exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

describe('match service gallery replay', () => {
  let service: ServiceProcess | undefined;
  afterEach(async () => {
    await service?.stop('SIGKILL');
  });

  it('replays galleries.v1 before it is ready, follows it live, and dead-letters malformed templates with their reason', async () => {
    await ensureTopics(kafka, [TOPICS.galleries], { replicationFactor: 1 });
    const watchlistId = uniqueName('wl');
    const base = { source: 'it' };
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await publish([
      newEnvelope(
        watchlistCreated,
        {
          watchlistId,
          name: 'Integration',
          purpose: 'test',
          legalBasis: 'test basis',
          authorisedBy: 'judge',
          owner: 'unit',
          expiresAt,
          zones: ['north'],
          threshold: 0.6,
          reviewMode: 'single',
        },
        base,
      ),
      newEnvelope(
        subjectEnrolled,
        {
          watchlistId,
          subjectId: 's1',
          displayName: 'S1',
          legalBasis: 'warrant 1',
          sourceReference: 'ref',
          enrolledBy: 'enroller',
        },
        base,
      ),
      newEnvelope(
        templateAdded,
        {
          watchlistId,
          subjectId: 's1',
          templateId: 't1',
          template: unitTemplate(1),
          embedder: 'dlib',
          photoReference: 'p1',
        },
        base,
      ),
    ]);
    const before = await expectedLiveTemplates();

    service = startServiceProcess('apps/match/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      MONGO_URL: testInfra.mongoUrl,
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
    });
    const httpUrl = await waitForHttpUrl(service);
    const readiness = await waitFor(
      async () =>
        (await fetch(`${httpUrl}/readyz`)).json() as Promise<{
          status: string;
          checks: { name: string; ok: boolean }[];
        }>,
      (body) => body.status === 'ready',
      { what: 'match to replay the gallery', timeoutMs: 60_000 },
    );
    expect(readiness.checks.find((check) => check.name === 'replay')).toMatchObject({ ok: true });
    expect(await liveTemplates(httpUrl)).toBe(before);

    // Live: a second template for s1 and a malformed one (64 values) for a new subject.
    const malformed = newEnvelope(
      templateAdded,
      {
        watchlistId,
        subjectId: 's1',
        templateId: 'bad',
        template: unitTemplate(3, 64),
        embedder: 'dlib',
        photoReference: 'p3',
      },
      base,
    );
    // A NaN (null once in JSON) and an unnormalised template cannot be built through newEnvelope,
    // which validates; a faulty producer can still append them, so they are written raw.
    const corrupted = (templateId: string, template: unknown): EventEnvelope =>
      ({
        ...newEnvelope(
          templateAdded,
          {
            watchlistId,
            subjectId: 's1',
            templateId,
            template: unitTemplate(4),
            embedder: 'dlib',
            photoReference: templateId,
          },
          base,
        ),
        payload: {
          watchlistId,
          subjectId: 's1',
          templateId,
          template,
          embedder: 'dlib',
          photoReference: templateId,
        },
      }) as EventEnvelope;
    const withNaN = corrupted(
      'nan',
      unitTemplate(5).map((value, i) => (i === 7 ? Number.NaN : value)),
    );
    const unnormalised = corrupted(
      'long',
      unitTemplate(6).map((value) => value * 1.1),
    );
    await publish([
      newEnvelope(
        templateAdded,
        {
          watchlistId,
          subjectId: 's1',
          templateId: 't2',
          template: unitTemplate(2),
          embedder: 'dlib',
          photoReference: 'p2',
        },
        base,
      ),
      malformed,
      withNaN,
      unnormalised,
    ]);
    await waitFor(
      () => liveTemplates(httpUrl),
      (count) => count === before + 1,
      { what: 'the live template' },
    );

    const rejected = [malformed, withNaN, unnormalised].map((event) => event.id);
    const idOf = (letter: DeadLetter): string | undefined =>
      (JSON.parse(letter.value) as { id?: string }).id;
    const letters = (
      await readDeadLetters(kafka, deadLetterTopicName(TOPICS.galleries.name), (read) =>
        rejected.every((id) => read.some((letter) => idOf(letter) === id)),
      )
    ).filter((letter) => rejected.includes(idOf(letter) ?? ''));
    const reasons = Object.fromEntries(
      letters.map((letter) => [
        idOf(letter),
        [letter.headers[DEAD_LETTER_HEADERS.code], letter.headers[DEAD_LETTER_HEADERS.message]],
      ]),
    );
    // Wrong length passes the contract (64..1024 values) and is refused by this replica's gallery.
    expect(reasons[malformed.id]).toEqual([
      'INVALID_PAYLOAD',
      expect.stringContaining('expected 128 values, got 64'),
    ]);
    // NaN and a norm of 1.1 are refused by the contract's template schema when decoded.
    expect(reasons[withNaN.id]).toEqual([
      'INVALID_PAYLOAD',
      expect.stringMatching(/template\.7: .*(number|finite)/),
    ]);
    expect(reasons[unnormalised.id]).toEqual([
      'INVALID_PAYLOAD',
      expect.stringContaining('template must be L2-normalised'),
    ]);

    // Removal takes effect live: both templates of s1 leave the gallery.
    await publish([
      newEnvelope(
        subjectRemoved,
        { watchlistId, subjectId: 's1', removedBy: 'admin', reason: 'end of case' },
        base,
      ),
    ]);
    await waitFor(
      () => liveTemplates(httpUrl),
      (count) => count === before - 1,
      { what: 'the removal' },
    );
    expect(await liveTemplates(httpUrl)).toBe(await expectedLiveTemplates());
  });
});
