import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  newEnvelope,
  subjectEnrolled,
  templateAdded,
  TOPICS,
} from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { Clock } from '@sightline/service-kit';
import { READ_YOUR_WRITES_TIMEOUT_MS } from './create-watchlist.usecase';
import { GalleryState } from './gallery-state';
import { IdGenerator } from './id-generator';
import { VisionPhotoAnalyser, type PhotoAnalyser, type PhotoAnalysis } from './photo-face-analyser';
import { refuseScrapedEnrolment } from './scraping-guard';

export interface EnrolmentPhoto {
  readonly image: Uint8Array;
  readonly reference: string;
}

export interface EnrolSubjectCommand {
  readonly watchlistId: string;
  readonly displayName: string;
  readonly legalBasis: string;
  readonly sourceReference: string;
  readonly enrolledBy: string;
  readonly photos: readonly EnrolmentPhoto[];
}

export interface RejectedPhoto {
  readonly reference: string;
  readonly reason: string;
}

export interface EnrolSubjectResult {
  readonly subjectId: string;
  readonly templateIds: readonly string[];
  readonly rejectedPhotos: readonly RejectedPhoto[];
}

/** The photo's one usable template, or why the photo cannot be enrolled. */
export function screenPhoto(
  analysis: PhotoAnalysis,
): { template: readonly number[] } | { reason: string } {
  if (!analysis.decoded) return { reason: `not a usable image: ${analysis.reason}` };
  const { faces } = analysis;
  if (faces.length === 0) return { reason: 'no face found' };
  // Enrolling the wrong person of a group photo is worse than asking for a crop.
  if (faces.length > 1) {
    return { reason: `${faces.length} faces found; use a photo (or crop) of the person alone` };
  }
  const [face] = faces;
  if (!face.template || face.rejections.length > 0) {
    return { reason: `face quality too low: ${face.rejections.join(', ') || 'not embedded'}` };
  }
  return { template: face.template };
}

/**
 * Enrols one person from case photos: refuses scraped sources, checks the watchlist is in force,
 * keeps each photo that shows exactly one usable face, then publishes subjectEnrolled and one
 * templateAdded per kept photo. The photos themselves are never stored or published.
 */
@Injectable()
export class EnrolSubjectUseCase {
  constructor(
    @Inject(VisionPhotoAnalyser) private readonly photos: PhotoAnalyser,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(GalleryState) private readonly gallery: GalleryState,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(command: EnrolSubjectCommand): Promise<EnrolSubjectResult> {
    requireFields(command);
    refuseScrapedEnrolment(
      command,
      command.photos.map((photo) => photo.reference),
    );
    const watchlist = this.gallery.watchlist(command.watchlistId);
    if (!watchlist || watchlist.isExpiredAt(this.clock.now())) {
      throw new DomainError(
        ErrorCode.NotFound,
        `watchlist ${command.watchlistId} does not exist or has expired`,
        { watchlistId: command.watchlistId },
      );
    }

    const accepted: { reference: string; template: readonly number[] }[] = [];
    const rejectedPhotos: RejectedPhoto[] = [];
    for (const photo of command.photos) {
      const screened = screenPhoto(await this.photos.analyse(photo.image));
      if ('reason' in screened)
        rejectedPhotos.push({ reference: photo.reference, reason: screened.reason });
      else accepted.push({ reference: photo.reference, template: screened.template });
    }
    if (accepted.length === 0) {
      throw new DomainError(
        ErrorCode.InvalidArgument,
        `no usable photo: ${rejectedPhotos.map((r) => `${r.reference}: ${r.reason}`).join('; ')}`,
        { rejected: rejectedPhotos.length },
      );
    }

    const { watchlistId } = command;
    const subjectId = this.ids.next('subj');
    const templates = accepted.map((photo) => ({ ...photo, templateId: this.ids.next('tpl') }));
    // One send on one key: the subject lands before its templates, on the same partition.
    await this.publisher.publish(TOPICS.galleries, [
      newEnvelope(
        subjectEnrolled,
        {
          watchlistId,
          subjectId,
          displayName: command.displayName.trim(),
          legalBasis: command.legalBasis.trim(),
          sourceReference: command.sourceReference.trim(),
          enrolledBy: command.enrolledBy.trim(),
        },
        { source: 'match' },
      ),
      ...templates.map(({ templateId, template, reference }) =>
        newEnvelope(
          templateAdded,
          {
            watchlistId,
            subjectId,
            templateId,
            template: [...template],
            embedder: this.photos.embedder,
            photoReference: reference,
          },
          { source: 'match' },
        ),
      ),
    ]);
    await this.gallery.awaitApplied(
      () =>
        templates.every(({ templateId }) =>
          this.gallery.watchlist(watchlistId)?.templates.has(templateId),
        ),
      READ_YOUR_WRITES_TIMEOUT_MS,
    );
    return { subjectId, templateIds: templates.map((t) => t.templateId), rejectedPhotos };
  }
}

function requireFields(command: EnrolSubjectCommand): void {
  const fields = [
    'watchlistId',
    'displayName',
    'legalBasis',
    'sourceReference',
    'enrolledBy',
  ] as const;
  const missing: string[] = fields.filter((field) => command[field].trim() === '');
  if (command.photos.some((photo) => photo.reference.trim() === '')) {
    missing.push('photo reference');
  }
  if (missing.length > 0) {
    throw new DomainError(ErrorCode.InvalidArgument, `missing: ${missing.join(', ')}`);
  }
  if (command.photos.length === 0) {
    throw new DomainError(ErrorCode.InvalidArgument, 'at least one photo is required');
  }
}
