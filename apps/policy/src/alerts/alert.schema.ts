import { Schema } from 'mongoose';
import type { StoredDocument } from '@sightline/persistence';
import type { Alert } from './alert.entity';

export const ALERTS_COLLECTION = 'alerts';

export const alertSchema = new Schema<StoredDocument<Alert>>(
  {
    _id: { type: String, required: true },
    cameraId: { type: String, required: true },
    trackId: { type: String, required: true },
    watchlistId: { type: String, required: true },
    subjectId: { type: String, required: true },
    score: { type: Number, required: true },
    status: {
      type: String,
      required: true,
      enum: ['pending_review', 'confirmed', 'dismissed', 'escalated'],
    },
    raisedAt: { type: Date, required: true },
    faceId: { type: String, required: true },
    evidenceId: { type: String, required: true },
    photoReference: { type: String, required: true },
    reviewMode: { type: String, required: true, enum: ['single', 'two-person'] },
    sightingEventId: { type: String, required: true },
    raisedEventId: { type: String, required: true },
    correlationId: { type: String, required: true },
    published: { type: Boolean, required: true },
  },
  { versionKey: false, _id: false },
);
// Serves ListAlerts by status (the reviewers' queue of pending_review), newest first.
alertSchema.index({ status: 1, raisedAt: -1 });
// Serves ListAlerts without a status filter, newest first.
alertSchema.index({ raisedAt: -1 });
