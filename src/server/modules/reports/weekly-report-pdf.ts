import PDFDocument from 'pdfkit';
import { pdfBytes, winAnsiText } from '../../shared/pdf.js';
import { text, type TextKey } from '../../shared/texts.js';
import type { Panel } from '../dashboards/index.js';
import type { Recommendation } from './weekly-recommendations.js';

/*
 * The weekly evaluation report as a PDF (issue #17), in Indonesian: the summary, the zone changes, the PKM evaluations
 * of the week, the actions the rules recommend, and every dashboard panel of the period as a table (the same figures
 * as GET /dashboards for that week). A pure function of its input.
 */
export interface WeeklyReportInput {
  cityName: string;
  regionName: string;
  week: string;
  from: string;
  to: string;
  generatedAt: string;
  panels: Panel[];
  summary: WeeklySummary;
  zoneChanges: { name: string; from: string; to: string }[];
  evaluations: { name: string; week: number; due: string; activeCases: number | null; recommendation: string }[];
  recommendations: Recommendation[];
}

export interface WeeklySummary {
  checkins: number;
  newCases: number;
  activeCases: number;
  violations: number;
  finesIdr: number;
  inspections: number;
  borderChecks: number;
  newcomers: number;
}

const sum = (panel: Panel | undefined, column: string): number => {
  if (!panel) return 0;
  const i = panel.columns.indexOf(column);
  return panel.rows.reduce((n, r) => n + (typeof r[i] === 'number' ? (r[i]) : 0), 0);
};

/** The summary's figures, added up from the panels (the API's figures for the same period). */
export function weeklySummary(panels: readonly Panel[]): WeeklySummary {
  const p = (id: string) => panels.find((x) => x.id === id);
  const inspections = p('inspections')?.rows.find((r) => r[0] === 'done')?.[1];
  return {
    checkins: sum(p('checkins-per-day'), 'checkins'),
    newCases: sum(p('epi-curve'), 'cases'),
    activeCases: sum(p('active-cases'), 'activeCases'),
    violations: sum(p('violations'), 'violations'),
    finesIdr: sum(p('violations'), 'finesIdr'),
    inspections: typeof inspections === 'number' ? inspections : 0,
    borderChecks: sum(p('border-checks'), 'checks'),
    newcomers: sum(p('newcomers'), 'newcomers'),
  };
}

const t = (key: string, params?: Record<string, string | number>) => text('id', key as TextKey, params);
const number = (n: number) => new Intl.NumberFormat('id-ID').format(n);

const VALUE_KEYS: Record<string, string> = {
  zone: 'policies.colours',
  category: 'tracing.categories',
  stage: 'policies.pkm.statuses',
  offence: 'enforcement.offence',
  result: 'field.check.result',
  band: 'dashboards.bands',
  measure: 'dashboards.measures',
  status: 'dashboards.newcomerStatus',
};

/** A cell as the report prints it (the web app's table shows the same words). */
export function cellLabel(column: string, value: string | number | null): string {
  if (value === null) return column === 'zone' ? t('policies.colours.unknown') : '-';
  if (typeof value === 'number') return column === 'hour' ? `${String(value).padStart(2, '0')}.00` : number(value);
  const base = VALUE_KEYS[column];
  if (!base) return value;
  try {
    return t(`${base}.${value}`);
  } catch {
    return value;
  }
}

export const colourName = (colour: string | null) => cellLabel('zone', colour);

const MARGIN = 50;
const INK = '#1a1a1a';
const MUTED = '#555555';
const PRIMARY = '#0c5c58';

export async function renderWeeklyReport(input: WeeklyReportInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: winAnsiText(`${t('weeklyReport.title')} ${input.regionName} ${input.week}`), Author: 'Jaga Baya' } });
  const bytes = pdfBytes(doc);
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 20;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (s: string) => {
    ensure(40);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12.5).fillColor(PRIMARY).text(winAnsiText(s), MARGIN, doc.y, { width });
    doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(INK);
  };
  const line = (s: string) => {
    ensure(16);
    doc.font('Helvetica').fontSize(10).fillColor(INK).text(winAnsiText(s), MARGIN, doc.y, { width });
  };

  doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED).text(winAnsiText(`${input.cityName.toUpperCase()} · JAGA BAYA`), { width });
  doc.moveDown(0.3).font('Helvetica-Bold').fontSize(18).fillColor(INK).text(winAnsiText(t('weeklyReport.title')), { width });
  doc.moveDown(0.2).font('Helvetica').fontSize(11).text(winAnsiText(t('weeklyReport.subtitle', { region: input.regionName, week: input.week, from: input.from, to: input.to })), { width });
  doc.moveDown(0.4).fontSize(9).fillColor(MUTED).text(winAnsiText(t('weeklyReport.basis')), { width });
  doc.text(winAnsiText(t('weeklyReport.generated', { at: input.generatedAt })), { width });

  heading(t('weeklyReport.summaryTitle'));
  const s = input.summary;
  const summaryRows: [string, number][] = [
    [t('weeklyReport.summary.checkins'), s.checkins],
    [t('weeklyReport.summary.newCases'), s.newCases],
    [t('weeklyReport.summary.activeCases', { date: input.to }), s.activeCases],
    [t('weeklyReport.summary.violations'), s.violations],
    [t('weeklyReport.summary.fines'), s.finesIdr],
    [t('weeklyReport.summary.inspections'), s.inspections],
    [t('weeklyReport.summary.borderChecks'), s.borderChecks],
    [t('weeklyReport.summary.newcomers', { date: input.to }), s.newcomers],
  ];
  for (const [label, value] of summaryRows) {
    ensure(16);
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).fillColor(INK).text(winAnsiText(label), MARGIN, y, { width: width - 120 });
    doc.font('Helvetica-Bold').text(number(value), MARGIN + width - 110, y, { width: 110, align: 'right' });
    doc.moveDown(0.15);
  }

  heading(t('weeklyReport.zoneChangesTitle'));
  if (input.zoneChanges.length === 0) line(t('weeklyReport.noZoneChanges'));
  for (const c of input.zoneChanges) line(`• ${t('weeklyReport.zoneChange', { name: c.name, from: colourName(c.from), to: colourName(c.to) })}`);

  heading(t('weeklyReport.evaluationsTitle'));
  if (input.evaluations.length === 0) line(t('weeklyReport.noEvaluations'));
  for (const e of input.evaluations) {
    line(`• ${t('weeklyReport.evaluation', { name: e.name, week: e.week, due: e.due, cases: e.activeCases === null ? '-' : number(e.activeCases), recommendation: safe(`weeklyReport.recommendation.${e.recommendation}`, e.recommendation) })}`);
  }

  heading(t('weeklyReport.actionsTitle'));
  if (input.recommendations.length === 0) line(t('weeklyReport.noActions'));
  for (const r of input.recommendations) line(`• ${t(`weeklyReport.actions.${r.kind}`, { name: r.name })}`);

  heading(t('weeklyReport.figuresTitle'));
  for (const panel of input.panels) drawPanel(doc, panel, width, ensure);

  // Page numbers in the footer of every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page: the footer is drawn with that margin lifted.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(winAnsiText(`${t('weeklyReport.title')} · ${input.regionName} · ${input.week} · ${t('weeklyReport.page', { page: i + 1 })}`), MARGIN, doc.page.height - MARGIN + 10, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return bytes;
}

function safe(key: string, fallback: string): string {
  try {
    return t(key);
  } catch {
    return fallback;
  }
}

function drawPanel(doc: PDFKit.PDFDocument, panel: Panel, width: number, ensure: (h: number) => void): void {
  const shown = panel.columns.map((c, i) => (c === 'regionCode' ? -1 : i)).filter((i) => i >= 0);
  ensure(50);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(winAnsiText(safe(`dashboards.panels.${panel.id}`, panel.id)), MARGIN, doc.y, { width });
  doc.moveDown(0.2);
  if (panel.rows.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(winAnsiText(t('weeklyReport.empty')), MARGIN, doc.y, { width });
    return;
  }
  const numeric = shown.map((i) => panel.rows.every((r) => typeof r[i] === 'number' || r[i] === null));
  const columnWidth = width / shown.length;
  const row = (cells: string[], bold: boolean) => {
    ensure(14);
    const y = doc.y;
    let height = 0;
    cells.forEach((cell, k) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor(INK);
      const options = { width: columnWidth - 6, align: numeric[k] ? ('right' as const) : ('left' as const) };
      height = Math.max(height, doc.heightOfString(winAnsiText(cell), options));
      doc.text(winAnsiText(cell), MARGIN + k * columnWidth, y, options);
    });
    doc.y = y + height + 2;
  };
  row(shown.map((i) => safe(`dashboards.columns.${panel.columns[i]}`, panel.columns[i]!)), true);
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
  doc.y += 2;
  for (const r of panel.rows) row(shown.map((i) => cellLabel(panel.columns[i]!, r[i] ?? null)), false);
}
