import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_MANIFEST, type ModelId, type ModelManifestEntry } from './model-manifest';
import { VisionError, VisionErrorCode } from './vision-error';

/** Where model bytes come from; unit tests replace it with an in-memory store. */
export interface ModelStore {
  load(id: ModelId): Promise<Uint8Array>;
}

export interface FileModelStoreOptions {
  /** Folder that tools/models/fetch-models.mjs fills (default there: `<repo>/.cache/models`). */
  readonly modelDir: string;
  /** Overridable for tests of the checksum path; production always uses MODEL_MANIFEST. */
  readonly manifest?: Readonly<Record<ModelId, ModelManifestEntry>>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class FileModelStore implements ModelStore {
  private readonly manifest: Readonly<Record<ModelId, ModelManifestEntry>>;

  constructor(private readonly options: FileModelStoreOptions) {
    this.manifest = options.manifest ?? MODEL_MANIFEST;
  }

  pathOf(id: ModelId): string {
    return join(this.options.modelDir, this.entry(id).file);
  }

  async load(id: ModelId): Promise<Uint8Array> {
    const entry = this.entry(id);
    const path = this.pathOf(id);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new VisionError(
        VisionErrorCode.MODEL_MISSING,
        `model ${id} not found at ${path}; run \`node tools/models/fetch-models.mjs\``,
        { cause },
      );
    }
    const actual = sha256Hex(bytes);
    if (actual !== entry.sha256) {
      throw new VisionError(
        VisionErrorCode.MODEL_CHECKSUM_MISMATCH,
        `model ${id} at ${path} has sha256 ${actual}, manifest expects ${entry.sha256}; ` +
          'the file was altered or built by another tool version: delete it and re-run fetch-models',
      );
    }
    return bytes;
  }

  private entry(id: ModelId): ModelManifestEntry {
    const entry = this.manifest[id];
    if (!entry)
      throw new VisionError(VisionErrorCode.MODEL_UNKNOWN, `no manifest entry for ${String(id)}`);
    return entry;
  }
}
