import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import {
  readGallerySnapshot,
  writeGallerySnapshot,
  type GalleryProjection,
  type GalleryProjectionOptions,
} from '@sightline/matching';
import type { ReplayPosition } from '@sightline/messaging';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { PhotoReferences } from './gallery-state';

export interface StoredSnapshot {
  readonly projection: GalleryProjection;
  readonly photoReferences: PhotoReferences;
  readonly positions: ReplayPosition[];
}

const CURRENT = 'current';
const SNAPSHOTS = 'snapshots';
const PHOTO_REFERENCES = 'photo-references.json';

/**
 * Gallery snapshots on this replica's volume (MATCH_SNAPSHOT_DIR). Each one is written whole into
 * a new directory and published by atomically replacing the `current` symlink, so a crash while
 * writing leaves the previous snapshot in force; older directories are deleted after the swap.
 */
@Injectable()
export class GallerySnapshotStore {
  private readonly root: string | undefined;

  constructor(@Inject(SIGHTLINE_CONFIG) config: Pick<SightlineConfig, 'matching'>) {
    this.root = config.matching.snapshotDir;
  }

  get enabled(): boolean {
    return this.root !== undefined;
  }

  /** The published snapshot, or undefined when there is none (or snapshots are off). */
  latest(options: GalleryProjectionOptions): StoredSnapshot | undefined {
    if (!this.root) return undefined;
    const dir = join(this.root, CURRENT);
    if (!existsSync(join(dir, 'manifest.json'))) return undefined;
    const { projection, position } = readGallerySnapshot(dir, options);
    return {
      projection,
      positions: positionsOf(position),
      photoReferences: photoReferencesOf(readFileSync(join(dir, PHOTO_REFERENCES), 'utf8')),
    };
  }

  save(
    projection: GalleryProjection,
    photoReferences: PhotoReferences,
    positions: readonly ReplayPosition[],
  ): string {
    if (!this.root) throw new Error('gallery snapshots are off (MATCH_SNAPSHOT_DIR is not set)');
    const name = `${Date.now()}-${randomUUID().slice(0, 8)}`;
    const dir = join(this.root, SNAPSHOTS, name);
    writeGallerySnapshot(projection, dir, { positions });
    writeFileSync(join(dir, PHOTO_REFERENCES), JSON.stringify(plainReferences(photoReferences)));
    const next = join(this.root, `${CURRENT}.${name}`);
    symlinkSync(join(SNAPSHOTS, name), next);
    renameSync(next, join(this.root, CURRENT));
    for (const old of readdirSync(join(this.root, SNAPSHOTS))) {
      if (old !== name) rmSync(join(this.root, SNAPSHOTS, old), { recursive: true, force: true });
    }
    return dir;
  }

  /** Creates the root early, so a missing or read-only volume fails at start, not at the first save. */
  ensureWritable(): void {
    if (!this.root) return;
    mkdirSync(join(this.root, SNAPSHOTS), { recursive: true });
  }
}

function plainReferences(references: PhotoReferences): Record<string, Record<string, string>> {
  return Object.fromEntries(
    [...references].map(([watchlistId, byTemplate]) => [
      watchlistId,
      Object.fromEntries(byTemplate),
    ]),
  );
}

function photoReferencesOf(json: string): PhotoReferences {
  const plain = JSON.parse(json) as Record<string, Record<string, string>>;
  return new Map(
    Object.entries(plain).map(([watchlistId, byTemplate]) => [
      watchlistId,
      new Map(Object.entries(byTemplate)),
    ]),
  );
}

function positionsOf(position: unknown): ReplayPosition[] {
  const positions = (position as { positions?: unknown } | null)?.positions;
  if (!Array.isArray(positions)) throw new Error('snapshot manifest has no replay positions');
  return positions.map((entry: unknown) => {
    const { topic, partition, offset } = (entry ?? {}) as Record<string, unknown>;
    if (typeof topic !== 'string' || typeof partition !== 'number' || typeof offset !== 'string')
      throw new Error(
        `snapshot manifest has a malformed replay position: ${JSON.stringify(entry)}`,
      );
    return { topic, partition, offset };
  });
}
