/**
 * The crop of a face that matched, kept for the human review of its alert. Biometric: only
 * matched faces ever reach evidence.v1, and the collection is purged by retention class
 * (N days unless the alert is confirmed; see the governance rules).
 */
export interface Evidence {
  /** evidenceId of the evidence.v1 event, referenced by the sighting and its alert. */
  readonly id: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly faceId: string;
  readonly capturedAt: Date;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly score: number;
  /** JPEG base64 of the aligned face chip. */
  readonly alignedChip: string;
  /** The enrolment photo the face matched. */
  readonly photoReference: string;
  readonly storedAt: Date;
}
