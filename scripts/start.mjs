#!/usr/bin/env node
// `npm start`: builds the server, the web app and the check-in page's script when the sources are newer than the build, then runs the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => existsSync(s) && (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > built);
}

function run(script) {
  console.log(`> npm run ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (needsBuild('dist/server/main.js', ['src/server', 'src/common', 'src/i18n', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])) run('build:server');
if (needsBuild('dist/web/index.html', ['src/web', 'src/common', 'src/i18n', 'vite.config.ts', 'package-lock.json'])) run('build:web');
if (needsBuild('dist/checkin/checkin.js', ['src/checkin-page', 'src/common', 'scripts/build-checkin.mjs', 'package-lock.json'])) run('build:checkin');

// `--build-only`: deploy/cluster.sh builds once, then starts several nodes from dist/.
if (!process.argv.includes('--build-only')) await import(path.join(root, 'dist/server/main.js'));
