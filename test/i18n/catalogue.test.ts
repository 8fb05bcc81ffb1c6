import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json' with { type: 'json' };
import id from '../../src/i18n/id.json' with { type: 'json' };
import { PROJECT_ROOT } from '../../src/server/shared/paths.js';

// THE text catalogue (src/i18n/<lang>.json): both languages say the same things, and no user-facing text hides in code.

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** i18next plural forms (`_one`, `_other` …) are one key: English has forms Indonesian does not need. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]))].sort();

describe('the text catalogue', () => {
  const texts = { id: leaves(id), en: leaves(en) };

  it('has the same keys in Indonesian and English', () => {
    const keys = (lang: 'id' | 'en') => [...new Set([...texts[lang].keys()].map(baseKey))].sort();
    expect(keys('en')).toEqual(keys('id'));
  });

  it('has the same placeholders in both languages, all in the {{name}} syntax', () => {
    const mismatches: string[] = [];
    const singleBraces: string[] = [];
    for (const lang of ['id', 'en'] as const) {
      for (const [key, text] of texts[lang]) if (/(^|[^{])\{\w+\}(?!\})/.test(text)) singleBraces.push(`${lang}: ${key}`);
    }
    const byBase = (lang: 'id' | 'en') => {
      const m = new Map<string, Set<string>>();
      for (const [key, text] of texts[lang]) {
        const set = m.get(baseKey(key)) ?? new Set<string>();
        for (const p of placeholders(text)) if (p !== undefined && p !== 'count') set.add(p); // `count` picks a plural form
        m.set(baseKey(key), set);
      }
      return m;
    };
    const idPlaceholders = byBase('id');
    for (const [key, enSet] of byBase('en')) {
      const idSet = idPlaceholders.get(key) ?? new Set();
      if ([...enSet].sort().join() !== [...idSet].sort().join()) mismatches.push(`${key}: id {${[...idSet].join(', ')}} en {${[...enSet].join(', ')}}`);
    }
    expect(mismatches).toEqual([]);
    expect(singleBraces).toEqual([]);
  });
});

/*
 * No user-facing text inline in src/server, src/web, src/checkin-page or src/common: it belongs in the catalogue. The scan reads
 * the TypeScript syntax tree and reports
 *  - bilingual pairs written as literals: an object with `id`/`en` (or `<x>Id`/`<x>En`, `<x>_id`/`<x>_en`) properties
 *    whose values are string or template literals;
 *  - a choice between two literals on the language (`lang === 'en' ? '…' : '…'`);
 *  - JSX text with a letter in it, and literal letters in the JSX attributes people read (title, placeholder, alt,
 *    aria-label).
 */
const SCANNED = ['src/server', 'src/web', 'src/checkin-page', 'src/common'];

/**
 * Files whose bilingual literals are data, not interface texts (each with its reason).
 * Keep it short; an entry is `path` → the number of findings it may hold, so a new literal there fails too.
 */
const ALLOWED: Record<string, { findings: number; why: string }> = {
  'src/server/modules/policies/rule-set-templates.ts': {
    findings: 1,
    why: 'data: the first-run template (issue #18) is stored as a rule-set row with its own titles in both languages, like the seeds',
  },
  'src/server/modules/policies/seed-rule-sets.ts': {
    findings: 53,
    why: 'data: the historical Denpasar regulations (titles and measures in both languages) seeded as rule-set rows',
  },
  'src/server/modules/policies/pkm-decisions.service.ts': {
    findings: 1,
    why: 'data: the title of the rule-set row a PKM creates, stored in both languages',
  },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const READ_ATTRIBUTES = new Set(['title', 'placeholder', 'alt', 'aria-label']);

/** Literals that are formats or language tags, not words (the same in every language). */
const NOT_TEXT = new Set(['YYYY-MM-DD', 'HH:MM']);
const LANGUAGE_TAG = /^[a-z]{2}(-[A-Z]{2})?$/;

/** A string or template literal with a letter in its literal part. */
function isTextLiteral(node: ts.Node | undefined): boolean {
  if (node === undefined) return false;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /\p{L}/u.test(node.text) && !NOT_TEXT.has(node.text) && !LANGUAGE_TAG.test(node.text);
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].some((part) => /\p{L}/u.test(part));
  return false;
}

function propertyName(p: ts.ObjectLiteralElementLike): string | null {
  return ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : null;
}

function findings(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.tsx(\.txt)?$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node) => `${path.relative(PROJECT_ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const literal = new Map<string, boolean>();
      for (const p of node.properties) {
        const name = propertyName(p);
        if (name !== null) literal.set(name, ts.isPropertyAssignment(p) && isTextLiteral(p.initializer));
      }
      for (const [name, isLiteral] of literal) {
        const m = /^(.*?)(_?)(id|Id)$/.exec(name);
        if (!m || !isLiteral) continue;
        const partner = `${m[1]}${m[2]}${m[3] === 'id' ? 'en' : 'En'}`;
        if (literal.get(partner)) found.push(`${at(node)} { ${name}, ${partner} }`);
      }
    }
    // lang === 'en' ? 'Closed now.' : 'Tutup saat ini.'
    if (ts.isConditionalExpression(node) && isTextLiteral(node.whenTrue) && isTextLiteral(node.whenFalse) && /===\s*['"](id|en)['"]/.test(node.condition.getText(source))) {
      found.push(`${at(node)} language conditional`);
    }
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(`${at(node)} JSX text ${JSON.stringify(node.text.trim())}`);
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source)) && node.initializer && isTextLiteral(node.initializer)) {
      found.push(`${at(node)} ${node.name.getText(source)}=${node.initializer.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no user-facing text inline', () => {
  it('finds no bilingual literal pairs or JSX text outside the catalogue', () => {
    const unexpected: string[] = [];
    const counts = new Map<string, number>();
    for (const file of SCANNED.flatMap((dir) => sourceFiles(path.join(PROJECT_ROOT, dir)))) {
      const relative = path.relative(PROJECT_ROOT, file).split(path.sep).join('/');
      const list = findings(file);
      if (ALLOWED[relative]) counts.set(relative, list.length);
      else unexpected.push(...list);
    }
    expect(unexpected).toEqual([]);
    for (const [file, { findings: allowed }] of Object.entries(ALLOWED)) expect({ file, findings: counts.get(file) ?? 0 }).toEqual({ file, findings: allowed });
  });

  it('recognises what it must refuse', () => {
    const probe = path.join(PROJECT_ROOT, 'test', 'i18n', 'fixtures', 'inline-texts.tsx.txt');
    expect(findings(probe).map((f) => f.replace(/^.*?:\d+ /, ''))).toEqual([
      '{ id, en }',
      '{ labelId, labelEn }',
      'language conditional',
      'title="Tutup"',
      'JSX text "Simpan"',
    ]);
  });
});
