/**
 * The best watchlist hit of a track still open: the only place a chip waits in match's database,
 * and only for a face that matched. Deleted once the track's sighting is published.
 */
export interface TrackHit {
  /** `<cameraId>:<trackId>`. */
  readonly id: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly templateId: string;
  /** Which addition of the template matched, so removal before the track closes still wins. */
  readonly templateSeq: number;
  readonly score: number;
  readonly faceId: string;
  readonly capturedAt: Date;
  /** JPEG base64 of the matching face: the evidence a reviewer will see. */
  readonly alignedChip: string;
  /** The enrolment photo the face matched. */
  readonly photoReference: string;
}
