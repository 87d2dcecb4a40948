import { Schema } from 'mongoose';
import type { StoredDocument } from '@sightline/persistence';
import type { Evidence } from './evidence.entity';

export const EVIDENCE_COLLECTION = 'evidence';

export const evidenceSchema = new Schema<StoredDocument<Evidence>>(
  {
    _id: { type: String, required: true },
    cameraId: { type: String, required: true },
    trackId: { type: String, required: true },
    faceId: { type: String, required: true },
    capturedAt: { type: Date, required: true },
    watchlistId: { type: String, required: true },
    subjectId: { type: String, required: true },
    score: { type: Number, required: true },
    alignedChip: { type: String, required: true },
    photoReference: { type: String, required: true },
    storedAt: { type: Date, required: true },
  },
  { versionKey: false, _id: false },
);
// Serves the scheduled retention purge (FerretDB has no TTL indexes): oldest captures first.
evidenceSchema.index({ capturedAt: 1 });
