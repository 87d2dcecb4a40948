import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Lints fixture sources as if they lived inside real projects, through the workspace's own
 * eslint.config.mjs and the Nx project graph, to prove the boundary rules reject what they should
 * and accept the rest.
 */
const workspaceRoot = path.resolve(__dirname, '..', '..');

const fixtures = {
  crossScope: [
    'apps/ingest/src/fixture.ts',
    "import { ErrorCode } from '@sightline/vision';\nexport const x = ErrorCode;\n",
  ],
  utilOnDataAccess: [
    'libs/contracts/src/fixture.ts',
    "import { EventPublisher } from '@sightline/messaging';\nexport const x = EventPublisher;\n",
  ],
  relativeParent: [
    'apps/detect/src/sub/fixture.ts',
    "import { x } from '../other';\nexport const y = x;\n",
  ],
  deep: [
    'apps/detect/src/fixture.ts',
    "import { ErrorCode } from '@sightline/contracts/src/errors/error-code';\nexport const y = ErrorCode;\n",
  ],
  env: ['apps/notify/src/fixture.ts', 'export const port = process.env.PORT;\n'],
  allowedApp: [
    'apps/match/src/fixture.ts',
    "import { TOPICS } from '@sightline/contracts';\nexport const t = TOPICS;\n",
  ],
  allowedLib: [
    'libs/messaging/src/fixture.ts',
    "import { ErrorCode } from '@sightline/contracts';\nexport const c = ErrorCode;\n",
  ],
} as const;

let ruleIds: Record<string, string[]>;

beforeAll(() => {
  const input = Object.values(fixtures).map(([filePath, code]) => ({
    filePath: path.join(workspaceRoot, filePath),
    code,
  }));
  const stdout = execFileSync(process.execPath, [path.join(__dirname, 'lint-texts.mjs')], {
    cwd: workspaceRoot,
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  ruleIds = JSON.parse(stdout) as Record<string, string[]>;
}, 120_000);

const idsFor = (fixture: keyof typeof fixtures): string[] =>
  ruleIds[path.join(workspaceRoot, fixtures[fixture][0])];

describe('module boundaries', () => {
  it('rejects a service importing another scope (ingest may not load vision models)', () => {
    expect(idsFor('crossScope')).toContain('@nx/enforce-module-boundaries');
  });

  it('rejects a util library depending on a data-access library', () => {
    expect(idsFor('utilOnDataAccess')).toContain('@nx/enforce-module-boundaries');
  });

  it('rejects relative-parent and deep imports', () => {
    expect(idsFor('relativeParent')).toContain('no-restricted-imports');
    expect(idsFor('deep')).toContain('no-restricted-imports');
  });

  it('rejects reading process.env outside the config library', () => {
    expect(idsFor('env')).toContain('no-restricted-syntax');
  });

  it('accepts the dependencies the architecture allows', () => {
    expect(idsFor('allowedApp')).toEqual([]);
    expect(idsFor('allowedLib')).toEqual([]);
  });
});
