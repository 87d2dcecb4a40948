// Lints several in-memory sources through the workspace's eslint.config.mjs in one process and
// prints {filePath: ruleIds[]} as JSON. Used by module-boundaries.spec.ts, which cannot load an
// ESM config inside Jest's VM. Input on stdin: [{ "filePath": "...", "code": "..." }].
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';

const cases = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({
  overrideConfig: {
    // Type-aware rules need files on disk and are not what the fixtures test.
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
});
const output = {};
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  output[filePath] = result.messages.map(
    (message) => message.ruleId ?? `fatal: ${message.message}`,
  );
}
process.stdout.write(JSON.stringify(output));
