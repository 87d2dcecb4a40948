import type { StoredDocument } from '@sightline/persistence';
import { Schema } from 'mongoose';
import type { TrackHit } from './track-hit.entity';

export const TRACK_HITS_COLLECTION = 'track_hits';

/** Read and written by _id only (one document per open track with a hit), so no other index. */
export const trackHitSchema = new Schema<StoredDocument<TrackHit>>(
  {
    _id: { type: String, required: true },
    cameraId: { type: String, required: true },
    trackId: { type: String, required: true },
    watchlistId: { type: String, required: true },
    subjectId: { type: String, required: true },
    templateId: { type: String, required: true },
    templateSeq: { type: Number, required: true },
    score: { type: Number, required: true },
    faceId: { type: String, required: true },
    capturedAt: { type: Date, required: true },
    alignedChip: { type: String, required: true },
    photoReference: { type: String, required: true },
  },
  { versionKey: false, _id: false },
);
