import { Schema } from 'mongoose';
import type { StoredDocument } from '@sightline/persistence';
import type { Delivery } from './delivery.entity';

export const DELIVERIES_COLLECTION = 'deliveries';

export const deliverySchema = new Schema<StoredDocument<Delivery>>(
  {
    _id: { type: String, required: true },
    alertId: { type: String, required: true },
    channel: { type: String, required: true, enum: ['webhook'] },
    target: { type: String, required: true },
    status: { type: String, required: true, enum: ['retrying', 'delivered', 'dead-lettered'] },
    attempts: { type: Number, required: true },
    lastError: String,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, _id: false },
);
// Serves "what happened to this alert" for operators replaying dead letters.
deliverySchema.index({ alertId: 1 });
