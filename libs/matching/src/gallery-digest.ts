import { createHash } from 'node:crypto';
import { compareIds, type GalleryProjection } from './gallery-projection';

/**
 * SHA-256 over the projection's logical state in a canonical order: watchlists, subjects and
 * templates sorted by id, each template with its exact f32 bytes. Two replicas that applied the
 * same events agree on it, whatever engine or slot layout each one uses.
 */
export function galleryDigest(projection: GalleryProjection): string {
  const hash = createHash('sha256');
  hash.update(`dim:${projection.dimension};seq:${projection.lastTemplateSeq}\n`);
  for (const id of projection.expiredIds()) hash.update(`expired:${id}\n`);
  for (const gallery of projection.sortedGalleries()) {
    hash.update(`watchlist:${canonicalJson(gallery.info)}\n`);
    const subjects = [...gallery.subjects.values()].sort((a, b) =>
      compareIds(a.subjectId, b.subjectId),
    );
    for (const subject of subjects) hash.update(`subject:${canonicalJson(subject)}\n`);
    const templates = [...gallery.templates.values()].sort((a, b) =>
      compareIds(a.templateId, b.templateId),
    );
    for (const entry of templates) {
      hash.update(`template:${entry.templateId}:${entry.subjectId}:${entry.seq}\n`);
      const row = gallery.store.row(entry.slot);
      hash.update(new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
    }
  }
  return hash.digest('hex');
}

/** Key order of a payload depends on who built it; the digest must not. */
function canonicalJson(value: object): string {
  return JSON.stringify(value, Object.keys(value).sort());
}
