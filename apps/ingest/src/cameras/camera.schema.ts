import type { StoredDocument } from '@sightline/persistence';
import { Schema } from 'mongoose';
import type { Camera } from './camera';

export const CAMERAS_COLLECTION = 'cameras';

/** Lookups are by id (the primary key) and the full list; no secondary index is needed. */
export const cameraSchema = new Schema<StoredDocument<Camera>>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    zone: { type: String, required: true },
    sensitive: { type: Boolean, required: true },
    samplingFps: { type: Number, required: true, min: 0.1, max: 30 },
    sourceUri: { type: String, required: false },
    loop: { type: Boolean, required: true },
    realtime: { type: Boolean, required: true },
    createdAt: { type: String, required: true },
  },
  { versionKey: false, _id: false },
);
