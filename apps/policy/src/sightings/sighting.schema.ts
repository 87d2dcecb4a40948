import { Schema } from 'mongoose';
import type { StoredDocument } from '@sightline/persistence';
import type { Sighting } from './sighting.entity';

export const SIGHTINGS_COLLECTION = 'sightings';

export const sightingSchema = new Schema<StoredDocument<Sighting>>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    cameraId: { type: String, required: true },
    trackId: { type: String, required: true },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    facesSeen: { type: Number, required: true },
    bestQuality: { type: Number, required: true },
    matchStatus: { type: String, required: true, enum: ['none', 'not-attempted', 'matched'] },
    watchlistId: String,
    subjectId: String,
    score: Number,
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, _id: false },
);
// Serves QuerySightings by camera over a time range, newest first.
sightingSchema.index({ cameraId: 1, firstSeenAt: -1 });
// Serves QuerySightings without a camera or subject filter, newest first.
sightingSchema.index({ firstSeenAt: -1 });
// Serves "where was this subject seen" for reviewers and auditors.
sightingSchema.index({ subjectId: 1, firstSeenAt: -1 }, { sparse: true });
