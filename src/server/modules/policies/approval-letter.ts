import PDFDocument from 'pdfkit';
import type { Rule } from './rule-set.js';
import { sectorLabel, venueTypeLabel } from '../../shared/reference-labels.js';
import { pdfBytes, winAnsiText } from '../../shared/pdf.js';
import { text } from '../../shared/texts.js';
import { windowShape } from '../../../common/opening-status.js';

/*
 * The mayor's approval letter (surat persetujuan) of a village PKM: one or two A4 pages, Indonesian (the official
 * language of the letter) with an English line under each heading. A pure function of its input: the same letter
 * gives the same bytes.
 */

export interface ApprovalLetterInput {
  number: string;
  /** Local date YYYY-MM-DD. */
  letterDate: string;
  approverName: string;
  cityName: string;
  regionName: string;
  regionCode: string;
  regionType: string;
  kecamatanName: string | null;
  adatName: string;
  submittedDate: string | null;
  startDate: string;
  endDate: string;
  lengthDays: number;
  activeCases: number | null;
  activeCasesDate: string | null;
  grounds: string;
  rules: readonly Rule[];
  borderPosts: number;
  maxGatheringSize: number | null;
  otherMeasures: string;
  applicationId: string;
  timeZoneLabel: string;
}

const COLOUR_TEXT = '#1a1a1a';
const COLOUR_MUTED = '#555555';
const COLOUR_PRIMARY = '#0c5c58';
/** Helvetica shows WinAnsi only: keep what it can, fold the rest to its base letters, else '?' (shared/pdf.ts). */
export const printable = winAnsiText;

const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "2020-05-28" → "28 Mei 2020". */
export function longDateId(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS_ID[(m ?? 1) - 1]} ${y}`;
}

function dayBefore(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** One rule in words, Indonesian. */
export function describeRuleId(rule: Rule, timeZoneLabel: string): string {
  const target = rule.venueType ? venueTypeLabel(rule.venueType).id : rule.sector ? sectorLabel(rule.sector).id : String(rule.sector);
  const parts: string[] = [];
  if (rule.zoneColours !== 'all') parts.push(`zona ${rule.zoneColours.join('/')}`);
  if (rule.closed) parts.push('ditutup');
  if (rule.window) parts.push(windowPhraseId(rule.window, timeZoneLabel));
  if (rule.capacityPercent < 100) parts.push(`kapasitas maks. ${rule.capacityPercent}%`);
  if (rule.dineIn === false) parts.push('hanya bawa pulang');
  if (rule.maxVisitMinutes !== null) parts.push(`kunjungan maks. ${rule.maxVisitMinutes} menit`);
  if (rule.measuresId) parts.push(rule.measuresId);
  return `${target}: ${parts.join('; ') || 'tanpa ketentuan tambahan'}`;
}

/** A rule's window as the letter says it: a window from midnight is a closing time (never "buka 00:00–20:00"). */
function windowPhraseId(window: Rule['window'] & object, zone: string): string {
  const shape = windowShape(window);
  switch (shape.kind) {
    case 'all_day':
      return text('id', 'opening.letterAllDay');
    case 'closes_at':
      return text('id', 'opening.letterClosesAt', { time: shape.until, zone });
    case 'opens_at':
      return text('id', 'opening.letterOpensAt', { time: shape.from, zone });
    case 'between':
      return text('id', 'opening.letterBetween', { from: shape.from, until: shape.until, zone });
  }
}

export async function renderApprovalLetterPdf(input: ApprovalLetterInput): Promise<Buffer> {
  const margin = 56;
  const created = new Date(`${input.letterDate}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    lang: 'id-ID',
    displayTitle: true,
    info: {
      Title: printable(`Surat Persetujuan PKM ${input.regionName} No. ${input.number}`),
      Author: printable(input.cityName),
      Subject: 'Persetujuan Pembatasan Kegiatan Masyarakat (PKM) tingkat desa/kelurahan',
      Creator: 'Jaga Baya',
      CreationDate: created,
      ModDate: created,
    },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - 2 * margin;
  const t = (s: string) => printable(s);

  // Letterhead
  doc.fillColor(COLOUR_TEXT).font('Helvetica-Bold').fontSize(14).text(t(`PEMERINTAH ${input.cityName.toUpperCase()}`), { align: 'center' });
  doc.fontSize(16).text(t(`WALIKOTA ${input.cityName.replace(/^Kota\s+/i, '').toUpperCase()}`), { align: 'center' });
  const lineY = doc.y + 6;
  doc.moveTo(margin, lineY).lineTo(margin + width, lineY).lineWidth(2).strokeColor(COLOUR_TEXT).stroke();
  doc.moveTo(margin, lineY + 3).lineTo(margin + width, lineY + 3).lineWidth(0.5).stroke();
  doc.y = lineY + 18;

  doc.font('Helvetica-Bold').fontSize(13).text('SURAT PERSETUJUAN', { align: 'center' });
  doc.fontSize(11).text('PEMBATASAN KEGIATAN MASYARAKAT (PKM) TINGKAT DESA/KELURAHAN', { align: 'center' });
  doc.font('Helvetica-Oblique').fontSize(9).fillColor(COLOUR_MUTED).text('Approval of community activity restrictions (PKM) at village level', { align: 'center' });
  doc.moveDown(0.4);
  doc.font('Helvetica').fontSize(11).fillColor(COLOUR_TEXT).text(t(`Nomor: ${input.number}`), { align: 'center' });
  doc.moveDown(1);

  const adminLabel = input.regionType === 'kelurahan' ? 'Lurah' : 'Perbekel';
  const submitted = input.submittedDate ? ` tanggal ${longDateId(input.submittedDate)}` : '';
  doc.fontSize(10.5).text(
    t(
      `Menunjuk permohonan ${adminLabel} ${input.regionName} bersama Bendesa Adat ${input.adatName.replace(/^Desa Adat\s+/i, '')}${submitted}, ` +
        `dan rekomendasi Gugus Tugas Percepatan Penanganan COVID-19 ${input.cityName}, berdasarkan Peraturan Walikota ` +
        `Denpasar Nomor 32 Tahun 2020, dengan ini Walikota MENYETUJUI pelaksanaan Pembatasan Kegiatan Masyarakat (PKM) di:`,
    ),
    { align: 'justify' },
  );
  doc.moveDown(0.6);

  const rows: [string, string][] = [
    [input.regionType === 'kelurahan' ? 'Kelurahan' : 'Desa', `${input.regionName} (${input.regionCode})`],
    ['Kecamatan', input.kecamatanName ?? '-'],
    ['Desa Adat', input.adatName],
    ['Masa berlaku', `${longDateId(input.startDate)} s.d. ${longDateId(dayBefore(input.endDate))} (${input.lengthDays} hari)`],
    ['Kasus positif aktif', input.activeCases === null ? '-' : `${input.activeCases}${input.activeCasesDate ? ` (per ${longDateId(input.activeCasesDate)})` : ''}`],
  ];
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10.5).text(t(label), margin + 20, y, { width: 130 });
    const afterLabel = doc.y;
    doc.text(':', margin + 150, y, { width: 10 });
    doc.font('Helvetica-Bold').text(t(value), margin + 162, y, { width: width - 162 });
    doc.y = Math.max(doc.y, afterLabel);
  }
  doc.x = margin;
  doc.moveDown(0.8);

  doc.font('Helvetica-Bold').fontSize(10.5).text('Ketentuan PKM yang berlaku di wilayah tersebut:', margin, doc.y);
  doc.font('Helvetica-Oblique').fontSize(8.5).fillColor(COLOUR_MUTED).text('Measures in force in the area');
  doc.fillColor(COLOUR_TEXT).font('Helvetica').fontSize(10.5);
  const measures: string[] = input.rules.map((rule) => describeRuleId(rule, input.timeZoneLabel));
  if (input.borderPosts > 0) measures.push(`Pos pantau di perbatasan desa: ${input.borderPosts} pos, dijaga pecalang dan aparat desa`);
  if (input.maxGatheringSize !== null) measures.push(`Kegiatan yang mengumpulkan orang dibatasi paling banyak ${input.maxGatheringSize} orang`);
  if (input.otherMeasures.trim() !== '') measures.push(input.otherMeasures.trim());
  if (measures.length === 0) measures.push('Ketentuan PKM kota berlaku tanpa tambahan');
  measures.forEach((m, i) => doc.text(t(`${i + 1}. ${m}`), margin + 12, doc.y, { width: width - 12, align: 'left' }));
  doc.x = margin;
  doc.moveDown(0.8);

  doc.text(
    t(
      'Pelaksanaan PKM dievaluasi setiap minggu oleh Gugus Tugas dan dapat diperpanjang atau diakhiri sesuai hasil ' +
        'evaluasi. Protokol kesehatan tetap wajib dilaksanakan. Desa adat menerapkan pararem sesuai ketentuan.',
    ),
    margin,
    doc.y,
    { align: 'justify', width },
  );
  doc.moveDown(2);

  const signX = margin + width - 220;
  doc.text(t(`Denpasar, ${longDateId(input.letterDate)}`), signX, doc.y, { width: 220 });
  doc.font('Helvetica-Bold').text(t(`WALIKOTA ${input.cityName.replace(/^Kota\s+/i, '').toUpperCase()},`), signX, doc.y, { width: 220 });
  doc.moveDown(3.5);
  doc.text(t(input.approverName), signX, doc.y, { width: 220, underline: true });

  doc.font('Helvetica').fontSize(7.5).fillColor(COLOUR_PRIMARY);
  doc.text(t(`Diterbitkan melalui Jaga Baya · permohonan ${input.applicationId}`), margin, doc.page.height - margin - 10, { width, align: 'center', lineBreak: false });
  doc.end();
  return done;
}
