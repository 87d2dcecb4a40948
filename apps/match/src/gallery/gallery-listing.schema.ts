import type { StoredDocument } from '@sightline/persistence';
import { Schema } from 'mongoose';
import type { ListingCheckpoint, SubjectListing, WatchlistListing } from './gallery-listing.entity';

export const WATCHLIST_LISTINGS_COLLECTION = 'gallery_watchlists';
export const SUBJECT_LISTINGS_COLLECTION = 'gallery_subjects';
export const LISTING_CHECKPOINTS_COLLECTION = 'gallery_listing_checkpoints';

/** ListWatchlists pages by _id (primary index), optionally filtered by status. */
export const watchlistListingSchema = new Schema<StoredDocument<WatchlistListing>>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    purpose: { type: String, required: true },
    legalBasis: { type: String, required: true },
    authorisedBy: { type: String, required: true },
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    zones: { type: [String], required: true },
    threshold: { type: Number, required: true },
    reviewMode: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiredAt: { type: Date },
    revision: { type: Number, required: true },
    lastEventId: { type: String, required: true },
  },
  { versionKey: false, _id: false },
);

export const subjectListingSchema = new Schema<StoredDocument<SubjectListing>>(
  {
    _id: { type: String, required: true },
    watchlistId: { type: String, required: true },
    subjectId: { type: String, required: true },
    displayName: { type: String, required: true },
    legalBasis: { type: String, required: true },
    sourceReference: { type: String, required: true },
    enrolledBy: { type: String, required: true },
    enrolledAt: { type: Date, required: true },
    status: { type: String, required: true },
    templateIds: { type: [String], required: true },
    removedAt: { type: Date },
    removedBy: { type: String },
    removalReason: { type: String },
    revision: { type: Number, required: true },
    lastEventId: { type: String, required: true },
  },
  { versionKey: false, _id: false },
);
// ListSubjects: one watchlist's subjects in subject id order; also counts a watchlist's enrolled subjects.
subjectListingSchema.index({ watchlistId: 1, subjectId: 1 });

/** Read once per partition at start, written by _id after every applied event. */
export const listingCheckpointSchema = new Schema<StoredDocument<ListingCheckpoint>>(
  {
    _id: { type: String, required: true },
    offset: { type: Number, required: true },
  },
  { versionKey: false, _id: false },
);
