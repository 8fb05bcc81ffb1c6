import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json' with { type: 'json' };
import id from '../../src/i18n/id.json' with { type: 'json' };
import { AUDIT_ACTIONS } from '../../src/common/audit-actions.js';
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';

// Issue #18: the audit log shows actions as words. recordAudit only accepts an AuditAction (a compile error
// otherwise), so AUDIT_ACTIONS is the list of codes the server writes; each needs words in both catalogues.

type Tree = { [key: string]: string | Tree };
const lookup = (tree: Tree, dotted: string): unknown => dotted.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Tree)[k] : undefined), tree);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

describe('audit action words', () => {
  it.each(AUDIT_ACTIONS.map((a) => [a]))('%s has words in Indonesian and English', (action) => {
    for (const catalogue of [id, en] as Tree[]) {
      const text = lookup(catalogue, `audit.actions.${action}`);
      expect(typeof text, action).toBe('string');
      expect((text as string).trim()).not.toBe('');
    }
    expect(lookup(id as Tree, `audit.actions.${action}`)).not.toBe(lookup(en as Tree, `audit.actions.${action}`));
  });

  it('lists every action code written literally in the server (a check beside the compiler)', () => {
    const written = new Set<string>();
    for (const file of sourceFiles(path.join(PROJECT_ROOT, 'src/server'))) {
      const text = readFileSync(file, 'utf8');
      if (!/recordAudit|recordListRead|auditAction/.test(text)) continue;
      for (const m of text.matchAll(/\b(?:action|auditAction): '([a-z_]+\.[a-z_.]+)'/g)) written.add(m[1]!);
    }
    expect(written.size).toBeGreaterThan(50);
    expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });

  it('every entity type the server writes has words in both languages', () => {
    const types = new Set<string>();
    for (const file of sourceFiles(path.join(PROJECT_ROOT, 'src/server'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bentityType: '([a-z_]+)'/g)) types.add(m[1]!);
    }
    expect(types.size).toBeGreaterThan(10);
    for (const type of types) for (const catalogue of [id, en] as Tree[]) expect(typeof lookup(catalogue, `audit.entityTypes.${type}`), type).toBe('string');
  });
});
