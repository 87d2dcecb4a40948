import {
  newEnvelope,
  subjectEnrolled,
  templateAdded,
  watchlistCreated,
  type EventEnvelope,
} from '@sightline/contracts';

/**
 * The galleries.v1 events of one two-person watchlist with one subject ('subject-1', enrolled by
 * 'enroller-it') and one template ('tpl-1'), as the match service would append them.
 */
export function galleryOf(watchlistId: string, expiresAt: Date): EventEnvelope[] {
  const source = { source: 'it' };
  return [
    newEnvelope(
      watchlistCreated,
      {
        watchlistId,
        name: 'Review IT',
        purpose: 'integration test',
        legalBasis: 'warrant 7',
        authorisedBy: 'judge',
        owner: 'it',
        expiresAt: expiresAt.toISOString(),
        zones: ['north'],
        threshold: 0.6,
        reviewMode: 'two-person',
      },
      source,
    ),
    newEnvelope(
      subjectEnrolled,
      {
        watchlistId,
        subjectId: 'subject-1',
        displayName: 'Subject One',
        legalBasis: 'warrant 7',
        sourceReference: 'case-file/7',
        enrolledBy: 'enroller-it',
      },
      source,
    ),
    newEnvelope(
      templateAdded,
      {
        watchlistId,
        subjectId: 'subject-1',
        templateId: 'tpl-1',
        template: Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0)),
        embedder: 'dlib',
        photoReference: 'photos/subject-1.jpg',
      },
      source,
    ),
  ];
}
