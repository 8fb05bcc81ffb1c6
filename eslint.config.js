import tseslint from 'typescript-eslint';

/** A no-restricted-imports pattern: paths matching `prefix` reach another module and must end at its index.js. */
function moduleDoor(prefix, alsoAllowed = 'index\\.js$') {
  return {
    regex: `${prefix}(?!index\\.js$|${alsoAllowed})`,
    message: "Use the other module through its front door (modules/<area>/index.ts); see docs/architecture.md.",
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**', 'eslint.config.js', 'scripts/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Fastify plugins and hooks are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // Module boundaries (docs/architecture.md): another module is used only through its front door, index.ts.
  // Modules are flat folders (module/*.ts, at most one level of sub-folders), so a relative path tells where it leads.
  {
    files: ['src/server/modules/*/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleDoor('^\\.\\./(?!\\.\\.)[^/]+/')] }] },
  },
  {
    files: ['src/server/modules/*/*/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleDoor('^\\.\\./\\.\\./(?!\\.\\.)[^/]+/')] }] },
  },
  {
    files: ['src/server/*.ts', 'src/server/plugins/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleDoor('^\\.\\.?/modules/[^/]+/')] }] },
  },
  {
    // The database layer gathers every module's table types, and nothing else of theirs.
    files: ['src/server/db/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleDoor('^\\.\\./modules/[^/]+/', '[^/]+\\.table\\.js$')] }] },
  },
  {
    // Generic code knows no domain module.
    files: ['src/server/shared/*.ts', 'src/common/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)modules/', allowTypeImports: true, message: 'shared/ and common/ are generic: they import no domain module (types only).' }] },
      ],
    },
  },
  {
    // The web app and the check-in page run in the browser: from outside their folder they may use src/common and the text catalogue only.
    files: ['src/web/**/*.{ts,tsx}', 'src/checkin-page/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)server/', message: 'Browser code never imports server code; share it through src/common.' }] }] },
  },
  {
    // Migrations are written against Kysely<any> on purpose: they must not depend on today's schema types.
    files: ['src/server/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read JSON bodies without declaring a type for each response.
    files: ['test/**', '**/*.test.ts', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
