import {
  newEnvelope,
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  templateRemoved,
  watchlistCreated,
  watchlistExpired,
  DomainError,
  ErrorCode,
  type EventEnvelope,
} from '@sightline/contracts';
import { asGalleryEvent, type GalleryEvent } from '@sightline/matching';
import { ApplyGalleryEventUseCase } from './apply-gallery-event.usecase';
import type { SubjectListing, WatchlistListing } from './gallery-listing.entity';
import { GalleryState, TEMPLATE_DIMENSION } from './gallery-state';
import type { ListingCheckpointRepository } from './listing-checkpoint.repository';
import { afterIdOf, pageTokenOf } from './listing-page';
import type { ListingPosition } from './listing-revision';
import { ListSubjectsUseCase } from './list-subjects.usecase';
import { ListWatchlistsUseCase } from './list-watchlists.usecase';
import { ProjectGalleryListingUseCase } from './project-gallery-listing.usecase';
import type { SubjectListingRepository } from './subject-listing.repository';
import type { WatchlistListingRepository } from './watchlist-listing.repository';

const base = { source: 'unit', occurredAt: new Date('2026-03-01T10:00:00Z') };
const unit = (axis: number): number[] =>
  Array.from({ length: TEMPLATE_DIMENSION }, (_, i) => (i === axis ? 1 : 0));

const created = (watchlistId: string): EventEnvelope =>
  newEnvelope(
    watchlistCreated,
    {
      watchlistId,
      name: 'Warrant 114',
      purpose: 'find a missing person',
      legalBasis: 'court order 114',
      authorisedBy: 'Judge',
      owner: 'Unit 4',
      expiresAt: '2026-04-01T00:00:00.000Z',
      zones: ['north'],
      threshold: 0.9,
      reviewMode: 'two-person',
    },
    base,
  );
const enrolled = (watchlistId: string, subjectId: string): EventEnvelope =>
  newEnvelope(
    subjectEnrolled,
    {
      watchlistId,
      subjectId,
      displayName: 'Jane Doe',
      legalBasis: 'annex 2',
      sourceReference: 'case 114',
      enrolledBy: 'officer 7',
    },
    base,
  );
const added = (watchlistId: string, subjectId: string, templateId: string): EventEnvelope =>
  newEnvelope(
    templateAdded,
    {
      watchlistId,
      subjectId,
      templateId,
      template: unit(1),
      embedder: 'dlib',
      photoReference: 'p',
    },
    base,
  );

/** Mongo stand-ins that record calls; the guarded writes themselves are proven against FerretDB. */
function setup(checkpoint = -1) {
  const gallery = new GalleryState({ matching: { binaryMinTemplates: 20_000, rerankDepth: 256 } });
  const apply = new ApplyGalleryEventUseCase(gallery);
  const watchlists = {
    insertIfAbsent: jest.fn(async () => true),
    markExpired: jest.fn(async () => true),
    clear: jest.fn(async () => undefined),
  };
  const subjects = {
    enrol: jest.fn(async () => true),
    addTemplate: jest.fn(async () => true),
    removeTemplate: jest.fn(async () => true),
    remove: jest.fn(async () => true),
    clear: jest.fn(async () => undefined),
  };
  const checkpoints = {
    offsetOf: jest.fn(async () => checkpoint),
    advance: jest.fn(async () => undefined),
    clear: jest.fn(async () => undefined),
  };
  const project = new ProjectGalleryListingUseCase(
    gallery,
    watchlists as unknown as WatchlistListingRepository,
    subjects as unknown as SubjectListingRepository,
    checkpoints as unknown as ListingCheckpointRepository,
  );
  let offset = 0;
  /** What GalleryHandler does: the index first, then the listing at the event's log position. */
  const handle = async (envelope: EventEnvelope) => {
    apply.execute(envelope);
    const event = asGalleryEvent(envelope) as GalleryEvent;
    const position: ListingPosition = {
      topic: 'galleries.v1',
      partition: 0,
      offset: offset++,
      eventId: envelope.id,
    };
    return project.execute(event, position);
  };
  return { handle, watchlists, subjects, checkpoints, project };
}

describe('ProjectGalleryListingUseCase', () => {
  it('lists a watchlist and its subjects from their events, stamped with the log position', async () => {
    const { handle, watchlists, subjects, checkpoints } = setup();
    const events = [
      created('w1'),
      enrolled('w1', 's1'),
      added('w1', 's1', 't1'),
      newEnvelope(
        templateRemoved,
        { watchlistId: 'w1', subjectId: 's1', templateId: 't1', removedBy: 'admin' },
        base,
      ),
      newEnvelope(
        subjectRemoved,
        { watchlistId: 'w1', subjectId: 's1', removedBy: 'admin', reason: 'case closed' },
        base,
      ),
      newEnvelope(
        watchlistExpired,
        { watchlistId: 'w1', expiredAt: '2026-04-01T00:00:00.000Z' },
        base,
      ),
    ];
    for (const event of events) await expect(handle(event)).resolves.toBe('applied');

    expect(watchlists.insertIfAbsent).toHaveBeenCalledWith({
      id: 'w1',
      name: 'Warrant 114',
      purpose: 'find a missing person',
      legalBasis: 'court order 114',
      authorisedBy: 'Judge',
      owner: 'Unit 4',
      expiresAt: new Date('2026-04-01T00:00:00.000Z'),
      zones: ['north'],
      threshold: 0.9,
      reviewMode: 'two-person',
      status: 'active',
      createdAt: base.occurredAt,
      revision: 0,
      lastEventId: events[0].id,
    } satisfies WatchlistListing);
    const position = (offset: number) => ({
      topic: 'galleries.v1',
      partition: 0,
      offset,
      eventId: events[offset].id,
    });
    expect(subjects.enrol).toHaveBeenCalledWith(
      {
        id: 'w1:s1',
        watchlistId: 'w1',
        subjectId: 's1',
        displayName: 'Jane Doe',
        legalBasis: 'annex 2',
        sourceReference: 'case 114',
        enrolledBy: 'officer 7',
        enrolledAt: base.occurredAt,
        status: 'enrolled',
        templateIds: [],
        revision: 1,
        lastEventId: events[1].id,
      } satisfies SubjectListing,
      position(1),
    );
    expect(subjects.addTemplate).toHaveBeenCalledWith('w1:s1', 't1', position(2));
    expect(subjects.removeTemplate).toHaveBeenCalledWith('w1:s1', 't1', position(3));
    expect(subjects.remove).toHaveBeenCalledWith(
      'w1:s1',
      { removedAt: base.occurredAt, removedBy: 'admin', reason: 'case closed' },
      position(4),
    );
    expect(watchlists.markExpired).toHaveBeenCalledWith(
      'w1',
      new Date('2026-04-01T00:00:00.000Z'),
      position(5),
    );
    expect(checkpoints.offsetOf).toHaveBeenCalledTimes(1);
    expect(checkpoints.advance).toHaveBeenLastCalledWith('galleries.v1', 0, 5);
  });

  it('skips, without a write, every event at or below the stored checkpoint', async () => {
    const { handle, watchlists, subjects, checkpoints } = setup(1);

    await expect(handle(created('w1'))).resolves.toBe('below-checkpoint');
    await expect(handle(enrolled('w1', 's1'))).resolves.toBe('below-checkpoint');
    await expect(handle(added('w1', 's1', 't1'))).resolves.toBe('applied');

    expect(watchlists.insertIfAbsent).not.toHaveBeenCalled();
    expect(subjects.enrol).not.toHaveBeenCalled();
    expect(subjects.addTemplate).toHaveBeenCalledTimes(1);
    expect(checkpoints.advance).toHaveBeenCalledTimes(1);
  });

  it('does not list what the index ignored: events of an expired watchlist', async () => {
    const { handle, subjects, watchlists } = setup();
    await handle(created('w1'));
    await handle(
      newEnvelope(
        watchlistExpired,
        { watchlistId: 'w1', expiredAt: '2026-04-01T00:00:00.000Z' },
        base,
      ),
    );

    await expect(handle(enrolled('w1', 'late'))).resolves.toBe('not-listed');
    await expect(handle(created('w1'))).resolves.toBe('not-listed');
    expect(subjects.enrol).not.toHaveBeenCalled();
    expect(watchlists.insertIfAbsent).toHaveBeenCalledTimes(1);
  });

  it('clears every collection and forgets its checkpoints, so a replay rebuilds it', async () => {
    const { handle, project, watchlists, subjects, checkpoints } = setup(5);
    await expect(handle(created('w1'))).resolves.toBe('below-checkpoint');

    await project.clear();
    checkpoints.offsetOf.mockResolvedValue(-1);

    expect(watchlists.clear).toHaveBeenCalled();
    expect(subjects.clear).toHaveBeenCalled();
    expect(checkpoints.clear).toHaveBeenCalled();
    await expect(handle(enrolled('w1', 's1'))).resolves.toBe('applied');
  });
});

describe('ListWatchlistsUseCase and ListSubjectsUseCase', () => {
  const listing = (id: string): WatchlistListing => ({
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
    revision: 0,
    lastEventId: 'e',
  });

  it('pages by id with an opaque token and counts enrolled subjects per watchlist', async () => {
    const watchlists = { page: jest.fn(async () => [listing('w1'), listing('w2'), listing('w3')]) };
    const subjects = { enrolledCounts: jest.fn(async () => new Map([['w1', 4]])) };
    const list = new ListWatchlistsUseCase(
      watchlists as unknown as WatchlistListingRepository,
      subjects as unknown as SubjectListingRepository,
    );

    const page = await list.execute({ pageSize: 2, pageToken: pageTokenOf('w0') });

    expect(watchlists.page).toHaveBeenCalledWith({
      afterId: 'w0',
      limit: 3,
      includeExpired: false,
    });
    expect(page.items.map((item) => [item.id, item.enrolledSubjects])).toEqual([
      ['w1', 4],
      ['w2', 0],
    ]);
    expect(afterIdOf(page.nextPageToken)).toBe('w2');
  });

  it('ends with an empty token, caps the page size, and refuses a forged token', async () => {
    const watchlists = { page: jest.fn(async () => [listing('w1')]) };
    const list = new ListWatchlistsUseCase(
      watchlists as unknown as WatchlistListingRepository,
      { enrolledCounts: async () => new Map() } as unknown as SubjectListingRepository,
    );

    const page = await list.execute({ pageSize: 10_000, includeExpired: true });

    expect(watchlists.page).toHaveBeenCalledWith({
      afterId: undefined,
      limit: 201,
      includeExpired: true,
    });
    expect(page.nextPageToken).toBe('');
    await expect(list.execute({ pageToken: 'not base64url!' })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
  });

  it('requires a watchlist id to list subjects', async () => {
    const subjects = { page: jest.fn(async () => []) };
    const list = new ListSubjectsUseCase(subjects as unknown as SubjectListingRepository);

    await expect(list.execute({ watchlistId: '' })).rejects.toBeInstanceOf(DomainError);
    await list.execute({ watchlistId: 'w1', includeRemoved: true });
    expect(subjects.page).toHaveBeenCalledWith({
      watchlistId: 'w1',
      afterSubjectId: undefined,
      limit: 51,
      includeRemoved: true,
    });
  });
});
