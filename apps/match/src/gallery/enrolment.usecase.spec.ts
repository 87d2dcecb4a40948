import { DomainError, ErrorCode, type EventEnvelope } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import type { Clock } from '@sightline/service-kit';
import { ApplyGalleryEventUseCase } from './apply-gallery-event.usecase';
import { CreateWatchlistUseCase, type CreateWatchlistCommand } from './create-watchlist.usecase';
import { EnrolSubjectUseCase, type EnrolSubjectCommand } from './enrol-subject.usecase';
import { GalleryState, TEMPLATE_DIMENSION } from './gallery-state';
import type { IdGenerator } from './id-generator';
import type { PhotoAnalyser, PhotoAnalysis, PhotoFace } from './photo-face-analyser';
import { RemoveSubjectUseCase } from './remove-subject.usecase';

const NOW = new Date('2026-03-01T10:00:00Z');
const DAY = 86_400_000;
const clock = { now: () => NOW } as Clock;

function unit(axis: number): number[] {
  const values = new Array<number>(TEMPLATE_DIMENSION).fill(0);
  values[axis] = 1;
  return values;
}

const usable = (axis: number): PhotoFace => ({ template: unit(axis), rejections: [] });

/** Answers by the photo's first byte: the test says what each "photo" shows. */
class FakePhotoAnalyser implements PhotoAnalyser {
  readonly embedder = 'fake-embedder';
  constructor(private readonly byFirstByte: Record<number, PhotoAnalysis>) {}
  async analyse(image: Uint8Array): Promise<PhotoAnalysis> {
    return this.byFirstByte[image[0]];
  }
}

/** The log and this replica's replay in one: what is published is applied to the gallery. */
function loopbackPublisher(gallery: GalleryState): {
  publisher: EventPublisher;
  sent: EventEnvelope[];
} {
  const apply = new ApplyGalleryEventUseCase(gallery);
  const sent: EventEnvelope[] = [];
  const publisher = {
    publish: jest.fn(async (_topic: unknown, envelopes: readonly EventEnvelope[]) => {
      for (const envelope of envelopes) {
        sent.push(envelope);
        apply.execute(envelope);
      }
    }),
  } as unknown as EventPublisher;
  return { publisher, sent };
}

function counterIds(): IdGenerator {
  let n = 0;
  return { next: (prefix: string) => `${prefix}-${++n}` } as IdGenerator;
}

const watchlistCommand: CreateWatchlistCommand = {
  name: 'Warrant 114',
  purpose: 'find a missing person',
  legalBasis: 'court order 114',
  authorisedBy: 'Judge Dredd',
  owner: 'Unit 4',
  expiresAt: new Date(NOW.getTime() + 30 * DAY),
  zones: ['north', ' north ', 'south'],
  threshold: 0.91,
  reviewMode: 'two-person',
};

function setup(photos: Record<number, PhotoAnalysis> = {}) {
  const gallery = new GalleryState({ matching: { binaryMinTemplates: 20_000, rerankDepth: 256 } });
  const { publisher, sent } = loopbackPublisher(gallery);
  const ids = counterIds();
  const create = new CreateWatchlistUseCase(publisher, gallery, ids, clock);
  const enrol = new EnrolSubjectUseCase(
    new FakePhotoAnalyser(photos),
    publisher,
    gallery,
    ids,
    clock,
  );
  const remove = new RemoveSubjectUseCase(publisher, gallery);
  return { gallery, sent, create, enrol, remove };
}

function enrolment(watchlistId: string, photoBytes: number[]): EnrolSubjectCommand {
  return {
    watchlistId,
    displayName: 'Jane Doe',
    legalBasis: 'court order 114, annex 2',
    sourceReference: 'case 114/2026',
    enrolledBy: 'officer 7',
    photos: photoBytes.map((byte, i) => ({
      image: new Uint8Array([byte]),
      reference: `case-114/photo-${i + 1}.jpg`,
    })),
  };
}

describe('CreateWatchlistUseCase', () => {
  it('publishes a governed watchlistCreated and returns once the gallery holds it', async () => {
    const { create, sent, gallery } = setup();
    const { watchlistId } = await create.execute(watchlistCommand);
    expect(watchlistId).toBe('wl-1');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      type: 'sightline.gallery.watchlist-created',
      payload: {
        watchlistId: 'wl-1',
        name: 'Warrant 114',
        zones: ['north', 'south'],
        threshold: 0.91,
        reviewMode: 'two-person',
        expiresAt: new Date(NOW.getTime() + 30 * DAY).toISOString(),
      },
    });
    expect(gallery.watchlist('wl-1')).toBeDefined();
  });

  it('refuses a watchlist governance does not admit, publishing nothing', async () => {
    const { create, sent } = setup();
    await expect(create.execute({ ...watchlistCommand, legalBasis: '  ' })).rejects.toMatchObject({
      code: ErrorCode.PolicyRefused,
      message: expect.stringContaining('POLICY.WATCHLIST_REQUIRES_LEGAL_BASIS'),
    });
    await expect(
      create.execute({ ...watchlistCommand, expiresAt: new Date(NOW.getTime() + 400 * DAY) }),
    ).rejects.toMatchObject({ code: ErrorCode.PolicyRefused });
    await expect(create.execute({ ...watchlistCommand, zones: [] })).rejects.toMatchObject({
      code: ErrorCode.PolicyRefused,
    });
    expect(sent).toHaveLength(0);
  });
});

describe('EnrolSubjectUseCase', () => {
  it('enrols the photos with exactly one usable face and rejects the others with a reason', async () => {
    const { create, enrol, sent, gallery } = setup({
      1: { decoded: true, faces: [usable(0)] },
      2: { decoded: true, faces: [] },
      3: { decoded: true, faces: [usable(1), usable(2)] },
      4: { decoded: true, faces: [{ rejections: ['BLURRY', 'EXTREME_POSE'] }] },
      5: { decoded: false, reason: 'CORRUPT_IMAGE: not a decodable image' },
      6: { decoded: true, faces: [usable(3)] },
    });
    const { watchlistId } = await create.execute(watchlistCommand);
    const result = await enrol.execute(enrolment(watchlistId, [1, 2, 3, 4, 5, 6]));

    expect(result).toEqual({
      subjectId: 'subj-2',
      templateIds: ['tpl-3', 'tpl-4'],
      rejectedPhotos: [
        { reference: 'case-114/photo-2.jpg', reason: 'no face found' },
        {
          reference: 'case-114/photo-3.jpg',
          reason: '2 faces found; use a photo (or crop) of the person alone',
        },
        { reference: 'case-114/photo-4.jpg', reason: 'face quality too low: BLURRY, EXTREME_POSE' },
        {
          reference: 'case-114/photo-5.jpg',
          reason: 'not a usable image: CORRUPT_IMAGE: not a decodable image',
        },
      ],
    });
    expect(sent.slice(1).map((e) => e.type)).toEqual([
      'sightline.gallery.subject-enrolled',
      'sightline.gallery.template-added',
      'sightline.gallery.template-added',
    ]);
    expect(sent[2].payload).toMatchObject({
      watchlistId,
      subjectId: 'subj-2',
      templateId: 'tpl-3',
      template: unit(0),
      embedder: 'fake-embedder',
      photoReference: 'case-114/photo-1.jpg',
    });
    expect(gallery.projection.stats().liveTemplates).toBe(2);
    expect(gallery.photoReferenceOf(watchlistId, 'tpl-4')).toBe('case-114/photo-6.jpg');
  });

  it('fails INVALID_ARGUMENT when no photo is usable, publishing nothing', async () => {
    const { create, enrol, sent } = setup({
      2: { decoded: true, faces: [] },
      3: { decoded: true, faces: [usable(1), usable(2), usable(3)] },
    });
    const { watchlistId } = await create.execute(watchlistCommand);
    const failure = enrol.execute(enrolment(watchlistId, [2, 3]));
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      message: expect.stringContaining('3 faces found'),
    });
    expect(sent).toHaveLength(1);
  });

  it('fails NOT_FOUND for an unknown or expired watchlist', async () => {
    const { create, enrol, gallery } = setup({ 1: { decoded: true, faces: [usable(0)] } });
    await expect(enrol.execute(enrolment('wl-nope', [1]))).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    const later = new EnrolSubjectUseCase(
      new FakePhotoAnalyser({ 1: { decoded: true, faces: [usable(0)] } }),
      { publish: jest.fn() } as unknown as EventPublisher,
      // Same gallery, read 31 days later: the 30-day watchlist has expired.
      gallery,
      counterIds(),
      { now: () => new Date(NOW.getTime() + 31 * DAY) } as Clock,
    );
    const { watchlistId } = await create.execute(watchlistCommand);
    await expect(later.execute(enrolment(watchlistId, [1]))).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: expect.stringContaining('expired'),
    });
  });

  it.each<[string, { photoReference?: string; sourceReference?: string }]>([
    ['a photo reference', { photoReference: 'https://www.facebook.com/jane.doe/photos/1' }],
    ['the source reference', { sourceReference: 'http://example.org/people/jane' }],
    ['a www address', { sourceReference: 'www.instagram.com/jane' }],
  ])('refuses enrolment by scraping when %s is a web address', async (_what, override) => {
    const { create, enrol, sent } = setup({ 1: { decoded: true, faces: [usable(0)] } });
    const { watchlistId } = await create.execute(watchlistCommand);
    const command = enrolment(watchlistId, [1]);
    const scraped: EnrolSubjectCommand = {
      ...command,
      sourceReference: override.sourceReference ?? command.sourceReference,
      photos: command.photos.map((photo) => ({
        ...photo,
        reference: override.photoReference ?? photo.reference,
      })),
    };
    await expect(enrol.execute(scraped)).rejects.toMatchObject({
      code: ErrorCode.PolicyRefused,
      message: expect.stringMatching(
        /POLICY\.NO_SCRAPED_ENROLMENT.*enrolment by scraping is never built here/,
      ),
    });
    expect(sent).toHaveLength(1);
  });

  it('refuses a subject without a legal basis of its own', async () => {
    const { create, enrol } = setup({ 1: { decoded: true, faces: [usable(0)] } });
    const { watchlistId } = await create.execute(watchlistCommand);
    await expect(
      enrol.execute({ ...enrolment(watchlistId, [1]), legalBasis: ' ' }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
  });
});

describe('RemoveSubjectUseCase', () => {
  it('removes an enrolled subject and refuses an unknown one', async () => {
    const { create, enrol, remove, gallery } = setup({ 1: { decoded: true, faces: [usable(0)] } });
    const { watchlistId } = await create.execute(watchlistCommand);
    const { subjectId } = await enrol.execute(enrolment(watchlistId, [1]));
    const command = { watchlistId, subjectId, removedBy: 'admin', reason: 'case closed' };
    await remove.execute(command);
    expect(gallery.projection.stats().liveTemplates).toBe(0);
    await expect(remove.execute(command)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
