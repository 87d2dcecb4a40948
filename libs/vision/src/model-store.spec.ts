import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_MANIFEST, type ModelId, type ModelManifestEntry } from './model-manifest';
import { FileModelStore, sha256Hex } from './model-store';
import { VisionErrorCode } from './vision-error';

function manifestWith(bytes: Uint8Array): Record<ModelId, ModelManifestEntry> {
  return {
    ...MODEL_MANIFEST,
    'blazeface-front-128': { ...MODEL_MANIFEST['blazeface-front-128'], sha256: sha256Hex(bytes) },
  };
}

describe('FileModelStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vision-models-'));
  const bytes = new Uint8Array([1, 2, 3, 4]);

  it('returns the bytes when the sha256 matches the manifest', async () => {
    writeFileSync(join(dir, MODEL_MANIFEST['blazeface-front-128'].file), bytes);
    const store = new FileModelStore({ modelDir: dir, manifest: manifestWith(bytes) });
    await expect(store.load('blazeface-front-128')).resolves.toEqual(Buffer.from(bytes));
  });

  it('fails with MODEL_CHECKSUM_MISMATCH when the file was altered', async () => {
    writeFileSync(join(dir, MODEL_MANIFEST['blazeface-front-128'].file), new Uint8Array([9, 9]));
    const store = new FileModelStore({ modelDir: dir, manifest: manifestWith(bytes) });
    await expect(store.load('blazeface-front-128')).rejects.toMatchObject({
      code: VisionErrorCode.MODEL_CHECKSUM_MISMATCH,
    });
  });

  it('fails with MODEL_MISSING and the fetch command when the file is absent', async () => {
    const store = new FileModelStore({ modelDir: join(dir, 'nowhere') });
    await expect(store.load('dlib-resnet-v1')).rejects.toMatchObject({
      code: VisionErrorCode.MODEL_MISSING,
      message: expect.stringContaining('fetch-models') as unknown as string,
    });
  });

  it('lists sha256, licence, source and input spec for every model', () => {
    for (const entry of Object.values(MODEL_MANIFEST)) {
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.licence.length).toBeGreaterThan(3);
      expect(['npm-pack', 'derived']).toContain(entry.source.kind);
      expect(entry.input.colour).toBe('RGB');
    }
  });
});
