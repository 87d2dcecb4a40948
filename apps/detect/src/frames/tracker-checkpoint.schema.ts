import type { StoredDocument } from '@sightline/persistence';
import { Schema } from 'mongoose';
import type { TrackState } from './tracker-state';

export const TRACKER_CHECKPOINTS_COLLECTION = 'tracker_checkpoints';

/** A camera's tracker state as stored; `id` is the camera id. No chips, landmarks or templates. */
export interface TrackerCheckpoint {
  readonly id: string;
  readonly zone: string;
  /**
   * The open tracks as one JSON string. Written after every frame, and FerretDB's cost of a write
   * grows with the number of fields (about 1 ms per track as subdocuments, three times less as a
   * string), while nothing ever queries inside a track.
   */
  readonly encodedTracks?: string;
  /** The open tracks as subdocuments, in checkpoints written before encodedTracks (read only). */
  readonly tracks?: TrackState[];
  /** tracks.length, stored so start-up can find cameras with open tracks by an indexed field. */
  readonly openTracks: number;
  readonly lastFrameId?: string;
  readonly lastFrameCapturedAt?: string;
}

const boxSchema = new Schema(
  {
    x: { type: Number, required: true },
    y: { type: Number, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
  },
  { _id: false },
);

const trackSchema = new Schema<TrackState>(
  {
    trackId: { type: String, required: true },
    box: { type: boxSchema, required: true },
    velocity: {
      type: new Schema(
        { dx: { type: Number, required: true }, dy: { type: Number, required: true } },
        { _id: false },
      ),
      required: true,
    },
    missedFrames: { type: Number, required: true },
    facesSeen: { type: Number, required: true },
    facesSent: { type: Number, required: true },
    bestQuality: { type: Number, required: true },
    bestSentQuality: { type: Number, required: true },
    sentBoxArea: Number,
    // ISO instants kept as strings: they go back out verbatim in trackClosed.
    firstSeenAt: { type: String, required: true },
    lastSeenAt: { type: String, required: true },
    sensitive: { type: Boolean, required: true },
  },
  { _id: false },
);

export const trackerCheckpointSchema = new Schema<StoredDocument<TrackerCheckpoint>>(
  {
    _id: { type: String, required: true },
    zone: { type: String, required: true },
    encodedTracks: String,
    tracks: { type: [trackSchema], default: undefined },
    openTracks: { type: Number, required: true },
    lastFrameId: String,
    lastFrameCapturedAt: String,
  },
  { versionKey: false, _id: false },
);
// Serves the start-up query for cameras left with open tracks.
trackerCheckpointSchema.index({ openTracks: 1 });
