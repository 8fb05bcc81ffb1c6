import { stringify, type Options } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';

export type CsvValue = string | number | null;

/*
 * CSV for people who open it in a spreadsheet: every cell quoted, CRLF line ends, and a cell a spreadsheet would read
 * as a formula (starting with = + - @ tab or CR) prefixed with a quote (csv-stringify's `escape_formulas`), so a
 * name like =HYPERLINK(…) entered by anyone stays text. The caller adds a BOM when it sends the file.
 */
const OPTIONS: Options = { quoted: true, quoted_empty: true, escape_formulas: true, record_delimiter: '\r\n' };

/** A whole CSV document: the header line, then one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return stringify([header, ...rows] as CsvValue[][], OPTIONS);
}

/** One line (with its CRLF). */
export function csvLine(values: readonly CsvValue[]): string {
  return stringify([values], OPTIONS);
}

/** One cell, quoted and formula-safe. */
export function csvCell(value: CsvValue): string {
  return csvLine([value]).slice(0, -2);
}

/**
 * Reads a CSV document a person uploaded (a spreadsheet's export): a leading BOM dropped, CRLF or LF, cells trimmed,
 * empty lines skipped, rows of any length. A cell that starts with a quote before a formula character (how toCsv
 * and spreadsheets keep a formula as text) is read without that quote.
 */
export function fromCsv(text: string): string[][] {
  const rows: string[][] = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true });
  return rows.map((row) => row.map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)));
}
