import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Tags: every project carries one scope:* (who may use it) and one type:* (what layer it is).
// The constraints below are deliberately narrow: a service may not reach into another service,
// shared code may not depend on a feature, and only detect/embed/tools may load vision models.
const depConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'],
  },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  {
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'],
  },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:vision', onlyDependOnLibsWithTags: ['scope:vision', 'scope:shared'] },
  { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:ingest', 'scope:shared'] },
  {
    sourceTag: 'scope:detect',
    onlyDependOnLibsWithTags: ['scope:detect', 'scope:vision', 'scope:shared'],
  },
  {
    sourceTag: 'scope:embed',
    onlyDependOnLibsWithTags: ['scope:embed', 'scope:vision', 'scope:shared'],
  },
  // Enrolment turns photos into templates, so match loads the same vision models as detect and embed.
  {
    sourceTag: 'scope:match',
    onlyDependOnLibsWithTags: ['scope:match', 'scope:vision', 'scope:shared'],
  },
  { sourceTag: 'scope:policy', onlyDependOnLibsWithTags: ['scope:policy', 'scope:shared'] },
  { sourceTag: 'scope:notify', onlyDependOnLibsWithTags: ['scope:notify', 'scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.local/**',
      '.cache/**',
      '.nx/**',
      'coverage/**',
      'libs/proto/src/generated/**',
      'tools/lint-fixtures/**',
      '**/*.cjs',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: true,
          checkDynamicDependenciesExceptions: [],
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '**/../*'],
              message:
                'Relative-parent imports are banned: import through a @sightline/* alias or a sibling file.',
            },
            {
              group: ['@sightline/*/*'],
              message:
                'Deep imports into a library are banned: import its public index (@sightline/<lib>).',
            },
            {
              group: ['libs/*', 'apps/*'],
              message: 'Import libraries through their @sightline/* alias.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'process.env is read only by @sightline/config (loadConfig); inject the typed config instead.',
        },
      ],
    },
  },
  {
    files: [
      'libs/config/src/**/*.ts',
      'libs/testing/src/**/*.ts',
      '**/*.fixture.ts',
      'tools/**/*.ts',
      'bench/**/*.ts',
      'test/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
);
