import { Schema } from 'mongoose';
import type { StoredDocument } from '@sightline/persistence';
import type { SeenAlert } from './seen-alert.entity';

export const SEEN_ALERTS_COLLECTION = 'alerts_seen';

export const seenAlertSchema = new Schema<StoredDocument<SeenAlert>>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    cameraId: { type: String, required: true },
    trackId: { type: String, required: true },
    watchlistId: { type: String, required: true },
    subjectId: { type: String, required: true },
    score: { type: Number, required: true },
    status: { type: String, required: true },
    raisedAt: { type: String, required: true },
    faceId: { type: String, required: true },
    evidenceId: { type: String, required: true },
    photoReference: { type: String, required: true },
    reviewMode: { type: String, required: true },
    seenAt: { type: Date, required: true },
    confirmationEventId: { type: String },
  },
  { versionKey: false, _id: false },
);
// Serves a future replay of recent alerts to a stream subscriber that reconnects.
seenAlertSchema.index({ seenAt: 1 });
