import PDFDocument from 'pdfkit';
import { csvLine, toCsv } from '../../shared/csv.js';
import type { Language } from '../../shared/language.js';
import { pdfBytes, winAnsiText } from '../../shared/pdf.js';
import { text, type TextKey } from '../../shared/texts.js';
import type { LedgerRow } from './fine-ledger.js';

/*
 * The daily cash report of fines (laporan kas harian denda): the ledger's rows per team and their totals, as CSV for
 * the treasurer's spreadsheet and as a one-page PDF to sign. A pure function of the ledger: the same day gives the
 * same bytes.
 */

export interface CashReportInput {
  date: string;
  cityName: string;
  scopeLabel: string;
  rows: LedgerRow[];
  totals: LedgerRow;
  lang: Language;
}

const rupiah = (amount: number) => `Rp${amount.toLocaleString('id-ID')}`;

/** "3 Desember 2026": the report's day as people write it on a signed document. */
const longDate = (date: string, lang: Language) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
const k = (key: string) => `enforcement.cashReport.${key}` as TextKey;

function teamName(row: LedgerRow, lang: Language): string {
  return row.team ?? text(lang, k('noTeam'));
}

const COLUMNS = ['team', 'issued', 'paidOnSpot', 'paidLater', 'outstanding', 'collected', 'deposited', 'cashOnHand', 'references'] as const;

function cells(row: LedgerRow, lang: Language, name: string): (string | number)[] {
  return [name, row.issued.amountIdr, row.paidOnSpot.amountIdr, row.paidLater.amountIdr, row.outstanding.amountIdr, row.collectedIdr, row.depositedIdr, row.cashOnHandIdr, row.depositReferences.join(' ')];
}

/** Amounts in whole rupiah (numbers, so a spreadsheet sums them); the last line is the total. */
export function cashReportCsv(input: CashReportInput): string {
  const header = COLUMNS.map((c) => text(input.lang, k(`column.${c}`)));
  const rows = input.rows.map((r) => cells(r, input.lang, teamName(r, input.lang)));
  return toCsv(header, rows) + csvLine(cells(input.totals, input.lang, text(input.lang, k('total'))));
}

export async function cashReportPdf(input: CashReportInput): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => winAnsiText(text(input.lang, k(key), params));
  const margin = 40;
  const created = new Date(`${input.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    lang: input.lang === 'id' ? 'id-ID' : 'en',
    displayTitle: true,
    info: { Title: t('title', { date: longDate(input.date, input.lang) }), Author: winAnsiText(input.cityName), Creator: 'Jaga Baya', CreationDate: created, ModDate: created },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - 2 * margin;
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#0c5c58').text(t('title', { date: longDate(input.date, input.lang) }), margin, margin, { width });
  const place = input.scopeLabel ? `${input.cityName} · ${input.scopeLabel}` : input.cityName;
  doc.font('Helvetica').fontSize(10).fillColor('#555555').text(winAnsiText(place), { width });
  doc.moveDown(1);

  const widths = [120, 75, 75, 75, 75, 75, 75, 75, width - 645];
  const drawRow = (values: string[], bold: boolean) => {
    const y = doc.y;
    let x = margin;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).fillColor('#1a1a1a');
    let height = 0;
    values.forEach((value, i) => {
      const w = widths[i] as number;
      const options = { width: w - 6, align: i === 0 || i === values.length - 1 ? ('left' as const) : ('right' as const) };
      doc.text(winAnsiText(value), x + 3, y, options);
      height = Math.max(height, doc.heightOfString(winAnsiText(value), options));
      x += w;
    });
    doc.y = y + height + 6;
    doc.moveTo(margin, doc.y - 3).lineTo(margin + width, doc.y - 3).lineWidth(0.5).strokeColor('#cccccc').stroke();
  };
  drawRow(COLUMNS.map((c) => t(`column.${c}`)), true);
  const money = (row: LedgerRow, name: string) => cells(row, input.lang, name).map((v, i) => (i === 0 || i === 8 ? String(v) : rupiah(v as number)));
  for (const row of input.rows) drawRow(money(row, teamName(row, input.lang)), false);
  drawRow(money(input.totals, text(input.lang, k('total'))), true);

  doc.moveDown(1);
  doc.font('Helvetica').fontSize(9).fillColor('#555555').text(t('explanation'), margin, doc.y, { width });
  doc.moveDown(2);
  // Two signatures side by side: the team that hands the cash over and the treasurer who receives it.
  const signaturesAt = doc.y;
  doc.fillColor('#1a1a1a').text(t('depositorSignature'), margin, signaturesAt, { width: width / 2 - 20 });
  doc.text(t('signature'), margin + width / 2, signaturesAt, { width: width / 2 - 20 });
  doc.end();
  return done;
}
