// One Jest config, three tiers selected by --selectProjects: unit (*.spec.ts beside the code),
// int (*.int-spec.ts against the real Kafka, FerretDB, ffmpeg and models that tools/scripts/test.sh
// starts) and e2e (test/**/*.e2e-spec.ts against the whole mesh).
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target}`,
  ]),
);

// The same SWC options as the build (tools/scripts/build.sh) and tools/scripts/run-ts.cjs.
const { $schema: _schema, ...swcrc } = JSON.parse(
  require('node:fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'),
);
const swcConfig = { ...swcrc, sourceMaps: 'inline' };

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcConfig] },
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.local/', '<rootDir>/.cache/'],
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/scripts/jest-long-timeout.cjs'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/scripts/jest-long-timeout.cjs'],
    },
  ],
};
