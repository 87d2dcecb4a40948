import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnnEngine } from './ann-engine';
import { engineKindFor } from './engine-policy';
import { GalleryProjection, type GalleryProjectionOptions } from './gallery-projection';
import { TemplateStore } from './template-store';
import {
  WatchlistGallery,
  type SubjectInfo,
  type TemplateEntry,
  type WatchlistInfo,
} from './watchlist-gallery';

const FORMAT = 1;
const MANIFEST = 'manifest.json';

interface WatchlistManifest {
  readonly info: WatchlistInfo;
  readonly subjects: SubjectInfo[];
  /** Parallel arrays in row order: far smaller and faster to parse than an array of objects. */
  readonly templateIds: string[];
  readonly subjectIds: string[];
  readonly seqs: number[];
  readonly vectorsFile: string;
  readonly annFile: string | null;
}

interface SnapshotManifest {
  readonly format: number;
  readonly dimension: number;
  readonly templateSeq: number;
  readonly expired: string[];
  /** Opaque to this library: the consumer stores the log positions the snapshot covers. */
  readonly position: unknown;
  readonly watchlists: WatchlistManifest[];
}

/**
 * Writes the projection to `dir`: a JSON manifest, one raw little-endian f32 matrix per watchlist
 * (live rows only, so removed templates are never persisted) and the HNSW graph when it is
 * slot-aligned with that matrix. Replaying a million JSON events costs minutes; loading this costs
 * seconds (docs/matching.md).
 */
export function writeGallerySnapshot(
  projection: GalleryProjection,
  dir: string,
  position: unknown = null,
): void {
  mkdirSync(dir, { recursive: true });
  const watchlists = projection.sortedGalleries().map((gallery, index): WatchlistManifest => {
    const entries = gallery.templatesInSlotOrder();
    const vectorsFile = `watchlist-${index}.f32`;
    const rows = gallery.store.packedLiveRows();
    writeFileSync(join(dir, vectorsFile), new Uint8Array(rows.buffer, 0, rows.byteLength));
    const ann = gallery.savableAnn();
    const annFile = ann ? `watchlist-${index}.usearch` : null;
    if (ann && annFile) ann.save(join(dir, annFile));
    return {
      info: gallery.info,
      subjects: [...gallery.subjects.values()],
      templateIds: entries.map((entry) => entry.templateId),
      subjectIds: entries.map((entry) => entry.subjectId),
      seqs: entries.map((entry) => entry.seq),
      vectorsFile,
      annFile,
    };
  });
  const manifest: SnapshotManifest = {
    format: FORMAT,
    dimension: projection.dimension,
    templateSeq: projection.lastTemplateSeq,
    expired: projection.expiredIds(),
    position,
    watchlists,
  };
  // The manifest goes last: a reader never sees a manifest whose data files are incomplete.
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest));
}

export interface LoadedSnapshot {
  readonly projection: GalleryProjection;
  readonly position: unknown;
}

/** Rebuilds a projection from `writeGallerySnapshot` output; galleries without a saved graph get one built. */
export function readGallerySnapshot(
  dir: string,
  options: GalleryProjectionOptions,
): LoadedSnapshot {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as SnapshotManifest;
  if (manifest.format !== FORMAT) throw new Error(`Unsupported snapshot format ${manifest.format}`);
  if (manifest.dimension !== options.dimension) {
    throw new Error(`Snapshot dimension ${manifest.dimension} != projection ${options.dimension}`);
  }
  const projection = new GalleryProjection(options);
  const galleries = manifest.watchlists.map((entry) => {
    const rows = readFloat32File(
      join(dir, entry.vectorsFile),
      entry.templateIds.length * manifest.dimension,
    );
    const store = TemplateStore.fromRows(manifest.dimension, rows);
    const gallery = new WatchlistGallery(entry.info, store, projection.policy);
    for (const subject of entry.subjects) gallery.enrol(subject);
    entry.templateIds.forEach((templateId, slot) => {
      const restored: TemplateEntry = {
        templateId,
        subjectId: entry.subjectIds[slot],
        seq: entry.seqs[slot],
        slot,
      };
      gallery.restoreTemplate(restored);
    });
    const wantsAnn = engineKindFor(store.liveCount, projection.policy) === 'ann';
    if (wantsAnn && entry.annFile) {
      gallery.attachEngine(AnnEngine.load(store, projection.policy.ann, join(dir, entry.annFile)));
    } else {
      gallery.optimise();
    }
    return gallery;
  });
  projection.restore(galleries, manifest.expired, manifest.templateSeq);
  return { projection, position: manifest.position };
}

function readFloat32File(path: string, expectedLength: number): Float32Array {
  const rows = new Float32Array(expectedLength);
  const bytes = new Uint8Array(rows.buffer);
  const fd = openSync(path, 'r');
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, null);
      if (read === 0) throw new Error(`${path} is truncated at byte ${offset} of ${bytes.length}`);
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}
