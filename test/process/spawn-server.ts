import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';

export const TEST_SECRET_KEY_HEX = '07'.repeat(32);

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The real server process, waiting until it says it is running. */
export async function spawnServer(env: Record<string, string>, options: { waitFor?: string; port?: number; built?: boolean; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  // The built server (dist/) is what production runs; tests use the sources through tsx.
  const args = options.built ? [path.join(PROJECT_ROOT, 'dist/server/main.js')] : ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/server/main.ts')];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SECRET_KEY: TEST_SECRET_KEY_HEX, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = options.waitFor ?? 'Jaga Baya is running.';
  const deadline = Date.now() + 45_000;
  while (!output.includes(waitFor)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, exited };
}
