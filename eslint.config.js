// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The layering rules live here so that breaking them fails `npm test`:
 * - electron/core, electron/web and electron/simulator are plain Node: they never import `electron`;
 * - electron/simulator imports nothing of core (it is the oracle core is tested against);
 * - renderer/ sees nothing of electron/ but the contract's types and, as values, the dependency-free
 *   constant tables in electron/core/contract/constants.ts, the identity keys in contract/keys.ts and the
 *   stream fan-out in contract/fanout.ts, with the stream changes' merge in contract/changes.ts (which
 *   imports keys.ts only);
 * - the preload (bundled, sandboxed) may import of core only those constants and types;
 * - no shell imports core/testing.ts (the test-only way to the runtime, past the contract and the risk gate);
 * - one private-member style (`private`), see the rule below.
 */
const electronBan = {
  paths: [{ name: 'electron', message: 'core is plain Node: adapt Electron in electron/main instead.' }],
  patterns: [
    { group: ['electron/*', 'electron-store', 'electron-store/*'], message: 'core must not load Electron.' },
    { group: ['**/main/*', '**/preload/*'], message: 'core must not depend on the Electron shell.' },
  ],
};

const testingBan = {
  group: ['**/core/testing', '**/core/testing.ts'],
  message: 'core/testing.ts is for tests and benchmarks: shells speak the contract (and Core.isGatewayRunning).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', electronBan] },
  },
  {
    // The simulator is the oracle core is tested against: it repeats core's wire code on purpose (see
    // tests/README.md), since a piece both shared would let one bug pass on both sides.
    files: ['electron/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronBan,
          patterns: [...electronBan.patterns, { group: ['**/core/**', '**/core'], message: 'The simulator must not import core: it is the oracle core is tested against.' }],
        },
      ],
    },
  },
  {
    // One private-member style: TypeScript's `private` (what 31 of 39 classes used). The exception is the
    // classes that hold secrets in memory (the vaults, the log redactor): a `#field` is invisible to
    // util.inspect and console output, so a password cannot be printed by logging the object.
    files: ['electron/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['electron/core/secrets/**', 'electron/core/gateway/redact.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'PrivateIdentifier',
          message: 'Use TypeScript `private` (one style; `#` is kept only for the secret holders in core/secrets and gateway/redact.ts).',
        },
      ],
    },
  },
  {
    files: ['electron/web/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { ...electronBan, patterns: [...electronBan.patterns, testingBan] }] },
  },
  {
    files: ['electron/main/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testingBan] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!contract(\\.ts|/schemas\\.ts|/constants\\.ts|/keys\\.ts|/fanout\\.ts|/changes\\.ts)$)',
              message: 'The preload may import of core only the contract constants (and types).',
            },
            {
              regex: '(^|/)core/contract(\\.ts|/schemas\\.ts)$',
              allowTypeImports: true,
              message: 'The preload imports the contract as types only; values from core/contract/constants.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.gatehouse.' }],
          patterns: [
            {
              regex: '(^|/)electron/(?!core/contract(\\.ts|/schemas\\.ts|/constants\\.ts|/keys\\.ts|/fanout\\.ts|/changes\\.ts)?$)',
              message: 'The renderer may import only the contract from electron/.',
            },
            {
              regex: '(^|/)electron/core/contract(\\.ts|/schemas\\.ts)?$',
              allowTypeImports: true,
              message:
                'Import the contract with `import type` only (values come from electron/core/contract/constants.ts): the renderer ships no zod or core code.',
            },
          ],
        },
      ],
    },
  },
);
