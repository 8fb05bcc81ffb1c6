import PDFDocument from 'pdfkit';
import { pdfBytes, winAnsiText } from '../../shared/pdf.js';
import QRCode from 'qrcode';
import { GreyCanvas, GLYPH_ADVANCE, GLYPH_HEIGHT, wrapForBitmapFont } from './poster-raster.js';
import type { Language } from '../../shared/language.js';
import { text, texts } from '../../shared/texts.js';
import { timeZoneAbbreviation } from '../../shared/local-time.js';

/*
 * Printable check-in poster of a venue: one A4 portrait PDF page (vector QR) and a PNG (QR with the venue name and
 * poster number, for sharing by chat or printing as a sticker). Pure functions of the input: the same input gives
 * the same bytes, which keeps reissue audits and tests simple.
 */

export interface PosterInput {
  venueName: string;
  address: string;
  desaName: string;
  kecamatanName?: string;
  sectorLabelId: string;
  sectorLabelEn: string;
  /** Printed as is, e.g. "DPS-000123-2". */
  posterNumber: string;
  /** PUBLIC_URL + '/c/' + token; exactly what the QR encodes. */
  checkInUrl: string;
  issuedAt: Date;
  /** CHECKIN_RETENTION_DAYS; the privacy line states it. */
  retentionDays?: number;
  /** config.cityName, printed after the region. */
  cityName: string;
  /** config.timeZone: the issue time is printed in it, with its abbreviation (WITA). */
  timeZone: string;
}

const DEFAULT_RETENTION_DAYS = 21;
// Level Q survives ~25 % damage (tape, glare, dirt on a door) and the URL still fits a small QR version.
const QR_ERROR_CORRECTION = 'Q';
const QR_QUIET_ZONE_MODULES = 4;
const MAX_CHECK_IN_URL_LENGTH = 200;

const COLOUR_PRIMARY = '#0c5c58';
const COLOUR_ACCENT = '#e0a526';
const COLOUR_TEXT = '#1a1a1a';
const COLOUR_MUTED = '#555555';
const COLOUR_PANEL = '#eef5f4';

/** Jaga Baya's motto is Indonesian on both halves of the poster. */
const TAGLINE = `${text('id', 'app.name')} — ${text('id', 'app.motto')}`;

// Characters the standard PDF fonts (WinAnsiEncoding) can show besides ASCII and Latin-1.
/** One line of poster text as Helvetica can print it (shared/pdf.ts), whitespace runs folded to one space. */
export function toPrintableText(text: string): string {
  return winAnsiText(text.replace(/\s+/g, ' ')).trim();
}

function qrModules(text: string): { size: number; isDark: (row: number, column: number) => boolean } {
  const code = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const { size, data } = code.modules;
  return { size, isDark: (row, column) => data[row * size + column] === 1 };
}

function issuedAtParts(issuedAt: Date, timeZone: string): { id: string; en: string } {
  const parts = (locale: string) => {
    const formatted = new Intl.DateTimeFormat(locale, {
      timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(issuedAt);
    const part = (type: Intl.DateTimeFormatPartTypes) => formatted.find((entry) => entry.type === type)?.value ?? '';
    return { day: part('day'), month: part('month'), year: part('year'), hour: part('hour'), minute: part('minute') };
  };
  const id = parts('id-ID');
  const en = parts('en-GB');
  const zone = timeZoneAbbreviation(timeZone);
  return { id: text('id', 'poster.issuedAt', { ...id, zone }), en: text('en', 'poster.issuedAt', { ...en, zone }) };
}

function regionLine(input: PosterInput, withCity = true): string {
  const desa = /^(desa|kelurahan|kel\.)\s/i.test(input.desaName) ? input.desaName : `Desa/Kel. ${input.desaName}`;
  const kecamatan = input.kecamatanName ? ` · Kec. ${input.kecamatanName.replace(/^kec(amatan|\.)\s*/i, '')}` : '';
  return `${desa}${kecamatan}${withCity ? ` · ${input.cityName}` : ''}`;
}

function assertPosterInput(input: PosterInput): void {
  if (input.venueName.trim() === '') throw new RangeError('venueName is empty');
  if (!/^https?:\/\/\S+$/.test(input.checkInUrl)) throw new RangeError('checkInUrl must be an http(s) URL');
  // Longer URLs make a dense QR that cheap phone cameras misread from a door; ours are ~80 characters.
  if (input.checkInUrl.length > MAX_CHECK_IN_URL_LENGTH) throw new RangeError(`checkInUrl is longer than ${MAX_CHECK_IN_URL_LENGTH}`);
  if (Number.isNaN(input.issuedAt.getTime())) throw new RangeError('issuedAt is not a valid date');
}

function printableInput(input: PosterInput): PosterInput {
  return {
    ...input,
    venueName: toPrintableText(input.venueName),
    address: toPrintableText(input.address),
    desaName: toPrintableText(input.desaName),
    ...(input.kecamatanName === undefined ? {} : { kecamatanName: toPrintableText(input.kecamatanName) }),
    sectorLabelId: toPrintableText(input.sectorLabelId),
    sectorLabelEn: toPrintableText(input.sectorLabelEn),
    posterNumber: toPrintableText(input.posterNumber),
    cityName: toPrintableText(input.cityName),
    // checkInUrl stays exact: the QR must encode it byte for byte (only its printed copy is sanitised below).
  };
}

type PdfDocument = InstanceType<typeof PDFDocument>;

/** Largest font size (from `largest` down to `smallest`) at which text fits in `maxLines` lines of `width`. */
function fittingFontSize(doc: PdfDocument, text: string, width: number, maxLines: number, largest: number, smallest: number): number {
  for (let size = largest; size > smallest; size -= 1) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width, align: 'center' }) <= maxLines * doc.currentLineHeight(true) + 0.5) return size;
  }
  return smallest;
}

/** One A4 portrait page; the QR is drawn as vector squares, so it stays sharp at any print resolution. */
export async function renderPosterPdf(rawInput: PosterInput): Promise<Buffer> {
  assertPosterInput(rawInput);
  const input = printableInput(rawInput);
  const retentionDays = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const issued = issuedAtParts(input.issuedAt, input.timeZone);
  const margin = 40; // ~14 mm: outside the unprintable edge of office printers
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    autoFirstPage: true,
    lang: 'id-ID',
    displayTitle: true,
    info: {
      Title: `Poster check-in ${input.venueName} (${input.posterNumber})`,
      Author: 'Jaga Baya',
      Subject: 'QR check-in & penilaian prokes / QR check-in & prokes rating',
      Creator: 'Jaga Baya',
      CreationDate: input.issuedAt, // deterministic bytes for a given poster
      ModDate: input.issuedAt,
    },
  });
  const done = pdfBytes(doc);

  const pageWidth = doc.page.width; // 595.28
  const pageHeight = doc.page.height; // 841.89
  const contentWidth = pageWidth - 2 * margin;
  const centredText = (text: string, y: number, options: PDFKit.Mixins.TextOptions = {}) =>
    doc.text(text, margin, y, { width: contentWidth, align: 'center', lineBreak: true, ...options });

  // Header band.
  const headerHeight = 58;
  doc.roundedRect(margin, margin, contentWidth, headerHeight, 8).fill(COLOUR_PRIMARY);
  doc.rect(margin, margin + headerHeight - 5, contentWidth, 5).fill(COLOUR_ACCENT);
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(24).text('JAGA BAYA', margin + 20, margin + 10, { lineBreak: false });
  doc.font('Helvetica').fontSize(9.5).text('Kota Denpasar', margin + 20, margin + 36, { lineBreak: false });
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .text('Check-in & Penilaian Prokes', margin, margin + 13, { width: contentWidth - 20, align: 'right', lineBreak: false });
  doc
    .font('Helvetica-Oblique')
    .fontSize(9.5)
    .text('Check-in & health-protocol rating', margin, margin + 30, { width: contentWidth - 20, align: 'right', lineBreak: false });

  // Venue identity.
  let y = margin + headerHeight + 18;
  doc.fillColor(COLOUR_PRIMARY).font('Helvetica-Bold').fontSize(10);
  centredText(`${input.sectorLabelId.toUpperCase()}  ·  ${input.sectorLabelEn.toUpperCase()}`, y, { characterSpacing: 0.6 });
  y += 16;
  doc.fillColor(COLOUR_TEXT).font('Helvetica-Bold');
  const nameSize = fittingFontSize(doc, input.venueName, contentWidth, 2, 34, 18);
  doc.fontSize(nameSize);
  const nameHeight = Math.min(doc.heightOfString(input.venueName, { width: contentWidth, align: 'center' }), 2 * doc.currentLineHeight(true));
  centredText(input.venueName, y, { height: nameHeight, ellipsis: true });
  y += nameHeight + 4;
  doc.fillColor(COLOUR_MUTED).font('Helvetica').fontSize(11);
  centredText(input.address, y, { height: 28, ellipsis: true });
  y += Math.min(doc.heightOfString(input.address, { width: contentWidth }), 28) + 2;
  centredText(regionLine(input), y, { height: 14, ellipsis: true });
  y += 26;

  // The lower blocks are laid out from the bottom margin up; the QR takes whatever height is left between.
  const bottom = pageHeight - margin;
  const footerTop = bottom - 34;
  const taglineTop = footerTop - 22;
  const privacyTop = taglineTop - 36;
  const panelHeight = 100;
  const panelTop = privacyTop - 10 - panelHeight;
  const callToActionTop = panelTop - 14 - 62;

  // QR code: normally 85–100 mm square, never under 75 mm.
  const qrOuter = Math.max(212, Math.min(285, callToActionTop - 16 - y));
  const qrLeft = (pageWidth - qrOuter) / 2;
  doc.roundedRect(qrLeft - 6, y - 6, qrOuter + 12, qrOuter + 12, 10).lineWidth(2).stroke(COLOUR_PRIMARY);
  const { size, isDark } = qrModules(input.checkInUrl);
  const moduleSize = qrOuter / (size + 2 * QR_QUIET_ZONE_MODULES);
  const qrOrigin = { x: qrLeft + QR_QUIET_ZONE_MODULES * moduleSize, y: y + QR_QUIET_ZONE_MODULES * moduleSize };
  for (let row = 0; row < size; row++) {
    // One rectangle per horizontal run of dark modules: a compact path and no seams between neighbours.
    for (let column = 0; column < size; ) {
      if (!isDark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < size && isDark(row, column)) column += 1;
      doc.rect(qrOrigin.x + start * moduleSize, qrOrigin.y + row * moduleSize, (column - start) * moduleSize, moduleSize);
    }
  }
  doc.fill('#000000');

  y = Math.max(callToActionTop, y + qrOuter + 14);
  doc.fillColor(COLOUR_TEXT).font('Helvetica-Bold').fontSize(26);
  centredText(text('id', 'poster.scanToCheckIn'), y, { lineBreak: false });
  doc.fillColor(COLOUR_MUTED).font('Helvetica-Oblique').fontSize(16);
  centredText(text('en', 'poster.scanToCheckIn'), y + 30, { lineBreak: false });
  doc.fillColor(COLOUR_MUTED).font('Courier').fontSize(8.5);
  centredText(toPrintableText(input.checkInUrl), y + 51, { lineBreak: false, ellipsis: true });

  // Steps, Indonesian then English, in a tinted panel.
  const columnGap = 16;
  const columnWidth = (contentWidth - 2 * 14 - columnGap) / 2;
  doc.roundedRect(margin, panelTop, contentWidth, panelHeight, 8).fill(COLOUR_PANEL);
  const stepsIn = (lang: Language) => {
    const poster = texts(lang, 'poster');
    return { title: poster.stepsTitle, items: Object.values(poster.steps) };
  };
  const steps = { id: stepsIn('id'), en: stepsIn('en') };
  ([
    [steps.id, margin + 14, 'Helvetica'],
    [steps.en, margin + 14 + columnWidth + columnGap, 'Helvetica-Oblique'],
  ] as const).forEach(([language, x, bodyFont]) => {
    doc.fillColor(COLOUR_PRIMARY).font('Helvetica-Bold').fontSize(12).text(language.title, x, panelTop + 11, { width: columnWidth, lineBreak: false });
    let stepY = panelTop + 30;
    language.items.forEach((item, index) => {
      doc.circle(x + 7, stepY + 5, 7).fill(COLOUR_PRIMARY);
      doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(9).text(String(index + 1), x, stepY + 1.5, { width: 14, align: 'center', lineBreak: false });
      doc.fillColor(COLOUR_TEXT).font(bodyFont).fontSize(10).text(item, x + 20, stepY, { width: columnWidth - 20, lineBreak: false, ellipsis: true });
      stepY += 17;
    });
  });

  // Privacy.
  doc.fillColor(COLOUR_TEXT).font('Helvetica').fontSize(9.5);
  centredText(text('id', 'poster.privacy', { days: retentionDays }), privacyTop, { lineBreak: false });
  doc.fillColor(COLOUR_MUTED).font('Helvetica-Oblique').fontSize(9.5);
  centredText(text('en', 'poster.privacy', { days: retentionDays }), privacyTop + 13, { lineBreak: false });

  // Tagline.
  doc.moveTo(margin, taglineTop - 7).lineTo(pageWidth - margin, taglineTop - 7).lineWidth(0.75).stroke(COLOUR_ACCENT);
  doc.fillColor(COLOUR_PRIMARY).font('Helvetica-Bold').fontSize(10.5);
  centredText(TAGLINE, taglineTop, { lineBreak: false });

  // Poster number (what an inspector or the help desk asks for), issue date and what reissuing means.
  const numberWidth = 150;
  doc.fillColor(COLOUR_MUTED).font('Helvetica').fontSize(7.5).text(`${text('id', 'poster.posterNumber')} · ${text('en', 'poster.posterNumber')}`, margin, footerTop, { width: numberWidth, lineBreak: false });
  doc.fillColor(COLOUR_TEXT).font('Helvetica-Bold');
  doc.fontSize(fittingFontSize(doc, input.posterNumber, numberWidth, 1, 14, 8));
  doc.text(input.posterNumber, margin, footerTop + 11, { width: numberWidth, lineBreak: false, ellipsis: true });
  const notesLeft = margin + numberWidth + 10;
  const notesWidth = contentWidth - numberWidth - 10;
  const note = (text: string, font: string, lineTop: number) =>
    doc.font(font).fontSize(8).text(text, notesLeft, lineTop, { width: notesWidth, align: 'right', lineBreak: false, ellipsis: true });
  doc.fillColor(COLOUR_TEXT);
  note(`${text('id', 'poster.issued', { date: issued.id })}  ·  ${text('en', 'poster.issued', { date: issued.en })}`, 'Helvetica-Bold', footerTop);
  note(text('id', 'poster.replaces'), 'Helvetica', footerTop + 11);
  doc.fillColor(COLOUR_MUTED);
  note(text('en', 'poster.replaces'), 'Helvetica-Oblique', footerTop + 22);

  doc.end();
  return done;
}

/**
 * A PNG of the QR with a header, the venue name, the call to action and the poster number beneath, drawn with a
 * built-in upper-case bitmap font (no font or canvas library). 1080 px wide: sharp on phones, fine for stickers.
 */
export async function renderPosterPng(input: PosterInput): Promise<Buffer> {
  assertPosterInput(input);
  const width = 1080;
  const padding = 60;
  const { size, isDark } = qrModules(input.checkInUrl);
  const moduleSize = Math.floor((width - 2 * padding - 60) / (size + 2 * QR_QUIET_ZONE_MODULES));
  const qrOuter = moduleSize * (size + 2 * QR_QUIET_ZONE_MODULES);

  const usable = width - 2 * padding;
  const charsPerLine = (scale: number) => Math.floor((usable + scale) / (GLYPH_ADVANCE * scale));
  const lineHeight = (scale: number) => (GLYPH_HEIGHT + 4) * scale;
  const nameScale = 7;
  const detailScale = 3;
  const nameLines = wrapForBitmapFont(input.venueName, charsPerLine(nameScale), 2);
  const [regionText] = wrapForBitmapFont(regionLine(input, false), charsPerLine(detailScale), 1);
  const issuedDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar', year: 'numeric', month: '2-digit', day: '2-digit' }).format(input.issuedAt);
  const [footerText] = wrapForBitmapFont(`Poster no. ${input.posterNumber} · ${issuedDate} WITA`, charsPerLine(detailScale), 1);

  const headerHeight = 124;
  const nameTop = headerHeight + 44;
  const regionTop = nameTop + nameLines.length * lineHeight(nameScale) + 4;
  const qrTop = regionTop + lineHeight(detailScale) + 34;
  const callToActionTop = qrTop + qrOuter + 34;
  const footerTop = callToActionTop + lineHeight(6) + lineHeight(4) + 22;
  const height = footerTop + lineHeight(detailScale) + padding - 12;

  const canvas = new GreyCanvas(width, height);
  const black = 0;
  const grey = 85;
  canvas.fillRect(0, 0, width, headerHeight, black);
  canvas.drawTextCentred('JAGA BAYA', width / 2, 24, 6, 255);
  canvas.drawTextCentred('KOTA DENPASAR · CHECK-IN & PENILAIAN PROKES', width / 2, 24 + 7 * 6 + 20, 2, 210);

  nameLines.forEach((line, index) => canvas.drawTextCentred(line, width / 2, nameTop + index * lineHeight(nameScale), nameScale, black));
  canvas.drawTextCentred(regionText ?? '', width / 2, regionTop, detailScale, grey);

  const qrLeft = Math.round((width - qrOuter) / 2);
  const frame = 6;
  canvas.fillRect(qrLeft - frame, qrTop - frame, qrOuter + 2 * frame, qrOuter + 2 * frame, black);
  canvas.fillRect(qrLeft, qrTop, qrOuter, qrOuter, 255);
  const origin = QR_QUIET_ZONE_MODULES * moduleSize;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (isDark(row, column)) {
        canvas.fillRect(qrLeft + origin + column * moduleSize, qrTop + origin + row * moduleSize, moduleSize, moduleSize, black);
      }
    }
  }

  canvas.drawTextCentred('PINDAI UNTUK CHECK-IN', width / 2, callToActionTop, 6, black);
  canvas.drawTextCentred('SCAN TO CHECK IN', width / 2, callToActionTop + lineHeight(6), 4, grey);
  canvas.drawTextCentred(footerText ?? '', width / 2, footerTop, detailScale, black);
  return canvas.toPng();
}

