import type { StoredDocument } from '@sightline/persistence';
import { Schema } from 'mongoose';
import type { ClosedTrack } from './closed-track.entity';

export const CLOSED_TRACKS_COLLECTION = 'closed_tracks';

/** Looked up by _id only. */
export const closedTrackSchema = new Schema<StoredDocument<ClosedTrack>>(
  {
    _id: { type: String, required: true },
    cameraId: { type: String, required: true },
    trackId: { type: String, required: true },
    closedAt: { type: Date, required: true },
  },
  { versionKey: false, _id: false },
);
