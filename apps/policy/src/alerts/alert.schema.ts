import { Schema } from 'mongoose';
import type { StoredDocument } from '@sightline/persistence';
import type { Alert, AlertConfirmation, AlertDismissal } from './alert.entity';

export const ALERTS_COLLECTION = 'alerts';

const confirmationSchema = new Schema<AlertConfirmation>(
  {
    reviewerId: { type: String, required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const dismissalSchema = new Schema<AlertDismissal>(
  { reviewerId: { type: String, required: true }, reason: { type: String, required: true } },
  { _id: false },
);

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
    enrolledBy: { type: String, required: true },
    lastSeenAt: { type: Date, required: true },
    mergedTrackIds: { type: [String], default: [] },
    confirmations: { type: [confirmationSchema], default: [] },
    escalatedAt: { type: Date, default: null },
    decidedAt: { type: Date, default: null },
    dismissal: { type: dismissalSchema, default: null },
    revision: { type: Number, required: true, default: 0 },
    outbox: { type: [Schema.Types.Mixed], default: [] },
  },
  { versionKey: false, _id: false },
);
// Serves ListAlerts by status (the reviewers' queue of pending_review), newest first, and the
// review sweep's oldest-first scan of open alerts.
alertSchema.index({ status: 1, raisedAt: -1 });
// Serves the merge lookup: the latest alert of a subject on a camera.
alertSchema.index({ subjectId: 1, cameraId: 1, lastSeenAt: -1 });
// Serves ListAlerts without a status filter, newest first.
alertSchema.index({ raisedAt: -1 });
