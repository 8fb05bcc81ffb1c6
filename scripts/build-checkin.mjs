#!/usr/bin/env node
// `npm run build:checkin`: bundles the check-in page's script (src/checkin-page, vanilla TypeScript) into one small
// file for old phone browsers. The server serves it as /checkin-assets/checkin.<content hash>.js, cached for a year.
// Usage: node scripts/build-checkin.mjs [outfile]   (default dist/checkin/checkin.js; tests pass a temporary file)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'checkin', 'checkin.js'));

await build({
  entryPoints: [path.join(root, 'src', 'checkin-page', 'checkin.ts')],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  // Android WebView / Chrome of 2017 and iOS 11 Safari and newer: async/await native, no further polyfills.
  target: ['es2017', 'chrome61', 'safari11', 'firefox60'],
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});
