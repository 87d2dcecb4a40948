import { credentials } from '@grpc/grpc-js';
import {
  newEnvelope,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  TOPICS,
  watchlistCreated,
  watchlistExpired,
  type EventEnvelope,
} from '@sightline/contracts';
import { ensureTopics } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { galleryV1 } from '@sightline/proto';
import {
  bearerMetadata,
  freePort,
  mintTestToken,
  mongoUrlFor,
  startServiceProcess,
  testAuthEnv,
  testInfra,
  unary,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import type { SubjectListing } from './gallery-listing.entity';
import {
  LISTING_CHECKPOINTS_COLLECTION,
  SUBJECT_LISTINGS_COLLECTION,
  WATCHLIST_LISTINGS_COLLECTION,
} from './gallery-listing.schema';
import { galleryTestKafka, publishGalleryEvents, unitTemplate } from './gallery-log.fixture';
import { ListingCheckpointRepository } from './listing-checkpoint.repository';
import type { ListingPosition } from './listing-revision';
import { SubjectListingRepository } from './subject-listing.repository';
import { WatchlistListingRepository } from './watchlist-listing.repository';

/**
 * The listing read model on the real FerretDB: its guarded writes are idempotent and order-safe
 * without transactions, and the match service builds it from galleries.v1, serves it over gRPC,
 * and rebuilds the very same documents from the topic after they are dropped.
 */
const kafka = galleryTestKafka('it-listing');
const base = { source: 'it' };

const publish = (events: EventEnvelope[]): Promise<void> => publishGalleryEvents(kafka, events);

describe('gallery listing read model on FerretDB', () => {
  const database = uniqueName('it_listing').replace(/-/g, '_');
  let mongo: MongoConnection;
  let subjects: SubjectListingRepository;
  let watchlists: WatchlistListingRepository;
  let checkpoints: ListingCheckpointRepository;
  let service: ServiceProcess | undefined;
  let client: galleryV1.GalleryServiceClient | undefined;

  beforeAll(async () => {
    mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    subjects = new SubjectListingRepository(mongo);
    watchlists = new WatchlistListingRepository(mongo);
    checkpoints = new ListingCheckpointRepository(mongo);
    await subjects['model'].syncIndexes();
  });

  afterAll(async () => {
    client?.close();
    await service?.stop('SIGKILL');
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  const at = (offset: number, eventId = `e${offset}`): ListingPosition => ({
    topic: TOPICS.galleries.name,
    partition: 0,
    offset,
    eventId,
  });
  const subject = (offset: number): SubjectListing => ({
    id: 'w1:s1',
    watchlistId: 'w1',
    subjectId: 's1',
    displayName: 'Jane Doe',
    legalBasis: 'annex 2',
    sourceReference: 'case 114',
    enrolledBy: 'officer 7',
    enrolledAt: new Date('2026-03-01T10:00:00Z'),
    status: 'enrolled',
    templateIds: [],
    revision: offset,
    lastEventId: `e${offset}`,
  });

  it('ignores redeliveries, stale replays and duplicates of an event id, and re-enrols after removal', async () => {
    expect(await subjects.enrol(subject(1), at(1))).toBe(true);
    expect(await subjects.enrol(subject(1), at(1))).toBe(false);
    expect(await subjects.addTemplate('w1:s1', 't1', at(2))).toBe(true);
    expect(await subjects.addTemplate('w1:s1', 't2', at(3))).toBe(true);
    expect(await subjects.addTemplate('w1:s1', 't1', at(2))).toBe(false);
    expect(await subjects.removeTemplate('w1:s1', 't1', at(4))).toBe(true);
    // Another replica replaying from the beginning arrives with the old addition: no resurrection.
    expect(await subjects.addTemplate('w1:s1', 't1', at(2))).toBe(false);
    expect((await subjects.findById('w1:s1'))?.templateIds).toEqual(['t2']);

    const removal = {
      removedAt: new Date('2026-03-02T00:00:00Z'),
      removedBy: 'admin',
      reason: 'closed',
    };
    expect(await subjects.remove('w1:s1', removal, at(5))).toBe(true);
    expect(await subjects.enrol(subject(1), at(1))).toBe(false);
    expect(await subjects.findById('w1:s1')).toMatchObject({
      status: 'removed',
      templateIds: [],
      removedBy: 'admin',
      removalReason: 'closed',
      revision: 5,
    });

    expect(await subjects.enrol(subject(6), at(6))).toBe(true);
    // The same event appended again by a producer retry, at a later offset.
    expect(await subjects.addTemplate('w1:s1', 't9', at(7, 'e6'))).toBe(false);
    const reEnrolled = await subjects.findById('w1:s1');
    expect(reEnrolled).toMatchObject({ status: 'enrolled', templateIds: [], revision: 6 });
    expect(reEnrolled).not.toHaveProperty('removedBy');
  });

  it('moves a checkpoint forward only, and pages and counts by watchlist', async () => {
    await checkpoints.advance(TOPICS.galleries.name, 3, 5);
    await checkpoints.advance(TOPICS.galleries.name, 3, 2);
    expect(await checkpoints.offsetOf(TOPICS.galleries.name, 3)).toBe(5);
    expect(await checkpoints.offsetOf(TOPICS.galleries.name, 4)).toBe(-1);

    for (const id of ['wa', 'wb', 'wc']) {
      await watchlists.insertIfAbsent({
        id,
        name: id,
        purpose: 'p',
        legalBasis: 'l',
        authorisedBy: 'a',
        owner: 'o',
        expiresAt: new Date('2026-04-01T00:00:00Z'),
        zones: ['north'],
        threshold: 0.9,
        reviewMode: 'single',
        status: 'active',
        createdAt: new Date('2026-03-01T00:00:00Z'),
        revision: 1,
        lastEventId: `c-${id}`,
      });
    }
    expect(
      await watchlists.markExpired('wb', new Date('2026-03-05T00:00:00Z'), at(9, 'x-wb')),
    ).toBe(true);
    expect(
      await watchlists.markExpired('wb', new Date('2026-03-05T00:00:00Z'), at(9, 'x-wb')),
    ).toBe(false);
    const active = await watchlists.page({ afterId: 'w1', limit: 10, includeExpired: false });
    expect(active.map((w) => w.id)).toEqual(['wa', 'wc']);
    const all = await watchlists.page({ afterId: 'wa', limit: 1, includeExpired: true });
    expect(all.map((w) => [w.id, w.status])).toEqual([['wb', 'expired']]);

    await subjects.enrol({ ...subject(2), id: 'wa:x', watchlistId: 'wa', subjectId: 'x' }, at(2));
    await subjects.enrol({ ...subject(3), id: 'wa:y', watchlistId: 'wa', subjectId: 'y' }, at(3));
    const counts = await subjects.enrolledCounts(['wa', 'wc', 'w1']);
    expect([...counts].sort()).toEqual([
      ['w1', 1],
      ['wa', 2],
    ]);
    const page = await subjects.page({
      watchlistId: 'wa',
      afterSubjectId: 'x',
      limit: 5,
      includeRemoved: false,
    });
    expect(page.map((s) => s.subjectId)).toEqual(['y']);
  });

  it('is built by the match service from galleries.v1, listed over gRPC, and rebuilt identically', async () => {
    // The documents the repository tests wrote by hand are not in the topic: start empty.
    await Promise.all([watchlists.clear(), subjects.clear(), checkpoints.clear()]);
    await ensureTopics(kafka, [TOPICS.galleries], { replicationFactor: 1 });
    const kept = uniqueName('wl-kept');
    const gone = uniqueName('wl-gone');
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = (watchlistId: string) =>
      newEnvelope(
        watchlistCreated,
        {
          watchlistId,
          name: `List ${watchlistId}`,
          purpose: 'integration test',
          legalBasis: 'order 7',
          authorisedBy: 'Judge',
          owner: 'QA',
          expiresAt,
          zones: ['north'],
          threshold: 0.7,
          reviewMode: 'two-person',
        },
        base,
      );
    const enrolled = (watchlistId: string, subjectId: string) =>
      newEnvelope(
        subjectEnrolled,
        {
          watchlistId,
          subjectId,
          displayName: `Person ${subjectId}`,
          legalBasis: 'order 7, annex',
          sourceReference: `case/${subjectId}`,
          enrolledBy: 'enroller',
        },
        base,
      );
    const added = (watchlistId: string, subjectId: string, templateId: string, seed: number) =>
      newEnvelope(
        templateAdded,
        {
          watchlistId,
          subjectId,
          templateId,
          template: unitTemplate(seed),
          embedder: 'dlib',
          photoReference: 'p',
        },
        base,
      );
    await publish([
      created(kept),
      enrolled(kept, 's1'),
      added(kept, 's1', 't1', 1),
      added(kept, 's1', 't2', 2),
      enrolled(kept, 's2'),
      added(kept, 's2', 't3', 3),
      enrolled(kept, 's3'),
      newEnvelope(
        subjectRemoved,
        { watchlistId: kept, subjectId: 's2', removedBy: 'admin', reason: 'end of case' },
        base,
      ),
      created(gone),
      enrolled(gone, 's1'),
      newEnvelope(
        watchlistExpired,
        { watchlistId: gone, expiredAt: new Date().toISOString() },
        base,
      ),
    ]);

    const grpcPort = await freePort();
    const start = async (): Promise<void> => {
      service = startServiceProcess('apps/match/src/main.ts', {
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('it-listing'),
        MONGO_URL: mongoUrlFor(database),
        HTTP_PORT: '0',
        GRPC_PORT: String(grpcPort),
        ...testAuthEnv(),
      });
      const httpUrl = await waitForHttpUrl(service, 120_000);
      await waitFor(
        () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
        (status) => status === 200,
        { what: 'match to replay galleries.v1', timeoutMs: 120_000 },
      );
    };
    await start();
    client = new galleryV1.GalleryServiceClient(
      `127.0.0.1:${grpcPort}`,
      credentials.createInsecure(),
    );
    const metadata = bearerMetadata(await mintTestToken('enroller'));
    const listWatchlists = unary<galleryV1.ListWatchlistsRequest, galleryV1.ListWatchlistsResponse>(
      client,
      client.listWatchlists,
      metadata,
    );
    const listSubjects = unary<galleryV1.ListSubjectsRequest, galleryV1.ListSubjectsResponse>(
      client,
      client.listSubjects,
      metadata,
    );

    /** Every page, so the test holds however many watchlists earlier runs left in the topic. */
    const allWatchlists = async (includeExpired: boolean): Promise<galleryV1.Watchlist[]> => {
      const out: galleryV1.Watchlist[] = [];
      let pageToken = '';
      do {
        const page = await listWatchlists({ pageSize: 2, pageToken, includeExpired });
        out.push(...page.watchlists);
        pageToken = page.nextPageToken;
      } while (pageToken);
      return out;
    };

    const active = await allWatchlists(false);
    expect(active.map((w) => w.watchlistId)).toContain(kept);
    expect(active.map((w) => w.watchlistId)).not.toContain(gone);
    expect(active.find((w) => w.watchlistId === kept)).toMatchObject({
      name: `List ${kept}`,
      legalBasis: 'order 7',
      zones: ['north'],
      threshold: 0.7,
      reviewMode: galleryV1.ReviewMode.REVIEW_MODE_TWO_PERSON,
      status: galleryV1.WatchlistStatus.WATCHLIST_STATUS_ACTIVE,
      expiresAt: new Date(expiresAt),
      enrolledSubjects: 2,
    });
    const withExpired = await allWatchlists(true);
    expect(withExpired.find((w) => w.watchlistId === gone)).toMatchObject({
      status: galleryV1.WatchlistStatus.WATCHLIST_STATUS_EXPIRED,
      enrolledSubjects: 1,
    });

    const enrolledOnly = await listSubjects({
      watchlistId: kept,
      pageSize: 0,
      pageToken: '',
      includeRemoved: false,
    });
    expect(enrolledOnly.subjects.map((s) => [s.subjectId, s.templates])).toEqual([
      ['s1', 2],
      ['s3', 0],
    ]);
    expect(enrolledOnly.subjects[0]).toMatchObject({
      legalBasis: 'order 7, annex',
      sourceReference: 'case/s1',
      status: galleryV1.SubjectStatus.SUBJECT_STATUS_ENROLLED,
    });
    const everyone = await listSubjects({
      watchlistId: kept,
      pageSize: 0,
      pageToken: '',
      includeRemoved: true,
    });
    expect(everyone.subjects.find((s) => s.subjectId === 's2')).toMatchObject({
      status: galleryV1.SubjectStatus.SUBJECT_STATUS_REMOVED,
      templates: 0,
      removedBy: 'admin',
      removalReason: 'end of case',
    });
    await expect(
      listSubjects({ watchlistId: '', pageSize: 0, pageToken: '', includeRemoved: false }),
    ).rejects.toMatchObject({ code: 3 }); // INVALID_ARGUMENT

    const dump = async () =>
      Object.fromEntries(
        await Promise.all(
          [
            WATCHLIST_LISTINGS_COLLECTION,
            SUBJECT_LISTINGS_COLLECTION,
            LISTING_CHECKPOINTS_COLLECTION,
          ].map(
            async (name) =>
              [
                name,
                await mongo.connection.collection(name).find({}).sort({ _id: 1 }).toArray(),
              ] as const,
          ),
        ),
      );
    const built = await dump();
    expect(built[SUBJECT_LISTINGS_COLLECTION].length).toBeGreaterThanOrEqual(4);

    // A restart replays the whole topic again: below the checkpoint nothing is written.
    await service?.stop('SIGTERM');
    await start();
    expect(await dump()).toEqual(built);

    // Rebuild: drop the read model, and a replica's replay writes the very same documents.
    await service?.stop('SIGTERM');
    for (const name of [
      WATCHLIST_LISTINGS_COLLECTION,
      SUBJECT_LISTINGS_COLLECTION,
      LISTING_CHECKPOINTS_COLLECTION,
    ]) {
      await mongo.connection.collection(name).deleteMany({});
    }
    await start();
    expect(await dump()).toEqual(built);
  });
});
