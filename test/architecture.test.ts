import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/server/shared/paths.js';

/**
 * The module shape of docs/architecture.md, checked on the source text (imports are checked by the lint rule):
 * SQL lives in repositories (and the check-in store, which bypasses Kysely on purpose), and a repository queries only
 * the tables its own module owns. A read that must join other modules' tables is a `*.read-model.ts`.
 */
const MODULES_DIR = path.join(PROJECT_ROOT, 'src/server/modules');

/** table name → owning module, read from db/schema.ts (each table type is imported from its module's *.table.ts). */
function tableOwners(): Map<string, string> {
  const schema = readFileSync(path.join(PROJECT_ROOT, 'src/server/db/schema.ts'), 'utf8');
  const typeModule = new Map<string, string>();
  for (const m of schema.matchAll(/import type \{([^}]+)\} from '\.\.\/modules\/([^/]+)\/[^']+'/g)) {
    for (const name of m[1]!.split(',')) typeModule.set(name.trim(), m[2]!);
  }
  const owners = new Map<string, string>();
  const body = schema.slice(schema.indexOf('export interface Database'));
  for (const m of body.matchAll(/^\s+(\w+): (\w+);$/gm)) {
    const module = typeModule.get(m[2]!);
    if (module) owners.set(m[1]!, module);
  }
  return owners;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

const KYSELY_TABLE = /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|replaceInto|mergeInto)\(\s*'(\w+)/g;
const RAW_SQL_TABLE = /\b(?:from|join|into|update)\s+(\w+)\b/gi;
/** Files that hold SQL besides repositories: the check-in write path (prepared statements on purpose) and read models. */
const SQL_FILE = /(\.repository|\.read-model|checkin-store[\w.-]*|checkin-writer\.worker)\.ts$/;

function tablesIn(text: string, known: Map<string, string>): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(KYSELY_TABLE)) found.add(m[1]!);
  // Raw SQL: only inside template literals and string literals, only names that are tables.
  for (const literal of text.matchAll(/`[^`]*`|'[^'\n]*'/g)) {
    for (const m of literal[0].matchAll(RAW_SQL_TABLE)) if (known.has(m[1]!)) found.add(m[1]!);
  }
  return found;
}

describe('module shape', () => {
  const owners = tableOwners();

  it('knows which module owns each table', () => {
    expect(owners.size).toBeGreaterThan(30);
    expect(owners.get('visits')).toBe('checkins');
    expect(owners.get('venues')).toBe('venues');
  });

  it('keeps SQL in repositories, read models and the check-in store', () => {
    const offenders = sourceFiles(MODULES_DIR)
      .filter((file) => !SQL_FILE.test(file))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return /\b(?:selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`|\.prepare\(\s*['"`]/.test(text);
      })
      .map((file) => path.relative(PROJECT_ROOT, file));
    expect(offenders).toEqual([]);
  });

  it("lets a repository query only its own module's tables", () => {
    const foreign: string[] = [];
    for (const file of sourceFiles(MODULES_DIR)) {
      if (!/\.repository\.ts$/.test(file)) continue;
      const module = path.relative(MODULES_DIR, file).split(path.sep)[0]!;
      for (const table of tablesIn(readFileSync(file, 'utf8'), owners)) {
        const owner = owners.get(table);
        if (owner && owner !== module) foreign.push(`${path.relative(PROJECT_ROOT, file)} reads ${table} (owned by ${owner})`);
      }
    }
    expect(foreign).toEqual([]);
  });

  it('gives every module a front door', () => {
    const modules = readdirSync(MODULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory());
    const missing = modules.filter((m) => !readdirSync(path.join(MODULES_DIR, m.name)).includes('index.ts')).map((m) => m.name);
    expect(missing).toEqual([]);
  });
});
