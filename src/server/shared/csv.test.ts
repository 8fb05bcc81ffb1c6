import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, toCsv } from './csv.js';

// Moved from tracing/tracing.rules.test.ts with the CSV writer.
describe('CSV cells', () => {
  it('quotes, doubles quotes and defuses formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    for (const bad of ['+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(bad).startsWith('"\'')).toBe(true);
    expect(csvCell('Made')).toBe('"Made"');
    expect(csvCell(null)).toBe('""');
  });
});

describe('CSV documents', () => {
  it('are quoted lines ending in CRLF, numbers and empty cells included', () => {
    expect(csvLine(['a', 3, null, ''])).toBe('"a","3","",""\r\n');
    expect(toCsv(['name', 'n'], [['Made, "Wayan"', 1], ['-x', null]])).toBe('"name","n"\r\n"Made, ""Wayan""","1"\r\n"\'-x",""\r\n');
  });
});
