import PDFDocument from 'pdfkit';
import { timeZoneLabel } from '../../../common/time-zone-label.js';
import type { Language } from '../../shared/language.js';
import { pdfBytes, winAnsiText } from '../../shared/pdf.js';
import { text, type TextKey } from '../../shared/texts.js';

/*
 * The resident's export as a readable PDF (issue #16, UU PDP 27/2022): the same content as the JSON export, section by
 * section, in the resident's language. Codes become words through the catalogue; regions are named as people say
 * them ("Kecamatan Denpasar Selatan", "Kota Denpasar", never "Kota Kota Denpasar"). A pure function of its input.
 */

type Row = Record<string, unknown>;

export interface ExportDocumentForPdf {
  exportedAt: string;
  phone: string;
  visits: { venue: { name: string }; checkedInAt: string; checkedOutAt: string | null; checkoutEstimated: boolean; source: string }[];
  ratings: Row[];
  cases: Row[];
  contacts: Row[];
  vaccinations: Row[];
  tests: Row[];
  violations: Row[];
  arrivals: Row[];
  notifications: Row[];
  screeningReferrals: Row[];
  accessLog: { at: string; role: string; regionCode: string | null; purpose: string }[];
}

export interface RegionName {
  name: string;
  type: string;
}

/**
 * A region as people name it: the type word before the name ("Kecamatan Denpasar Selatan", "Desa Dauh Puri Kaja"),
 * unless the name already begins with it ("Kota Denpasar"); a desa adat's name already says so.
 */
export function readableRegionName(region: RegionName): string {
  const word: Record<string, string> = { kota: 'Kota', kabupaten: 'Kabupaten', kecamatan: 'Kecamatan', desa: 'Desa', kelurahan: 'Kelurahan', banjar: 'Banjar', desa_adat: 'Desa Adat' };
  const prefix = word[region.type];
  if (!prefix) return region.name;
  const name = region.name.trim();
  if (name.toLowerCase().startsWith(`${prefix.toLowerCase()} `) || (region.type === 'desa_adat' && /^desa adat /i.test(name))) return name;
  if (region.type === 'banjar' && /^(banjar|br\.?) /i.test(name)) return name;
  return `${prefix} ${name}`;
}

export interface ExportPdfOptions {
  lang: Language;
  timeZone: string;
  cityName: string;
  /** The regions the document names, by code (unknown codes are printed as codes). */
  regions: ReadonlyMap<string, RegionName>;
}

const COLOUR_TEXT = '#1a1a1a';
const COLOUR_MUTED = '#555555';
const COLOUR_PRIMARY = '#0c5c58';

export async function renderExportPdf(document: ExportDocumentForPdf, options: ExportPdfOptions): Promise<Buffer> {
  const { lang, timeZone } = options;
  const t = (key: string, params?: Record<string, string | number>) => text(lang, `exportPdf.${key}` as TextKey, params);
  const label = (key: string, fallback: string) => {
    try {
      return text(lang, key as TextKey);
    } catch {
      return fallback;
    }
  };
  const zone = timeZoneLabel(timeZone);
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const dateTime = (iso: unknown) =>
    typeof iso === 'string' && iso !== ''
      ? `${new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso))} ${zone}`
      : '–';
  const date = (day: unknown) =>
    typeof day === 'string' && /^\d{4}-\d{2}-\d{2}/.test(day) ? new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day.slice(0, 10)}T00:00:00Z`)) : '–';
  const region = (code: unknown) => {
    if (typeof code !== 'string') return '–';
    const known = options.regions.get(code);
    return known ? readableRegionName(known) : code;
  };
  const str = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return '–';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  };

  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: winAnsiText(t('title')), Author: 'Jaga Baya' } });
  const done = pdfBytes(doc);
  const width = doc.page.width - 100;

  doc.font('Helvetica-Bold').fontSize(18).fillColor(COLOUR_PRIMARY).text(winAnsiText(t('title')), { width });
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(10).fillColor(COLOUR_MUTED).text(winAnsiText(t('intro', { city: options.cityName })), { width });
  doc.moveDown(0.5);
  doc.fillColor(COLOUR_TEXT).text(winAnsiText(`${t('phone')}: ${document.phone}`));
  doc.text(winAnsiText(`${t('exportedAt')}: ${dateTime(document.exportedAt)}`));

  function section(title: string, lines: string[][]) {
    doc.moveDown(1);
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(13).fillColor(COLOUR_PRIMARY).text(winAnsiText(`${title} (${lines.length})`), { width });
    doc.moveDown(0.3);
    if (lines.length === 0) {
      doc.font('Helvetica').fontSize(10).fillColor(COLOUR_MUTED).text(winAnsiText(t('none')), { width });
      return;
    }
    for (const [head, ...rest] of lines) {
      if (doc.y > doc.page.height - 90) doc.addPage();
      doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOUR_TEXT).text(winAnsiText(head ?? ''), { width });
      doc.font('Helvetica').fontSize(9.5).fillColor(COLOUR_MUTED);
      for (const line of rest) doc.text(winAnsiText(line), { width, indent: 10 });
      doc.moveDown(0.4);
    }
  }

  section(
    t('visits'),
    document.visits.map((v) => [
      v.venue.name,
      `${t('checkedIn')}: ${dateTime(v.checkedInAt)}`,
      `${t('checkedOut')}: ${v.checkedOutAt === null ? t('notCheckedOut') : `${dateTime(v.checkedOutAt)}${v.checkoutEstimated ? ` (${t('estimated')})` : ''}`}`,
      `${t('source')}: ${label(`exportPdf.sources.${v.source}`, v.source)}`,
    ]),
  );
  section(
    t('ratings'),
    document.ratings.map((r) => [dateTime(r.at), ...(typeof r.comment === 'string' && r.comment !== '' ? [`${t('comment')}: ${r.comment}`] : [])]),
  );
  section(
    t('cases'),
    document.cases.map((c) => [
      label(`tracing.categories.${str(c.category)}`, str(c.category)),
      `${t('residence')}: ${region(c.residenceCode)}`,
      `${t('onset')}: ${date(c.onsetDate)} · ${t('specimen')}: ${date(c.specimenDate)}`,
      `${t('isolation')}: ${c.isolationStart ? `${date(c.isolationStart)} – ${date(c.isolationEnd)}` : `${t('until')} ${date(c.isolationEnd)}`}`,
      `${t('recorded')}: ${dateTime(c.createdAt)}`,
    ]),
  );
  section(
    t('contacts'),
    document.contacts.map((c) => [
      `${label(`tracing.contactStatus.${str(c.status)}`, str(c.status))} · ${t('quarantineUntil')} ${date(c.quarantineEnd)}`,
      `${t('lastExposure')}: ${dateTime(c.lastExposureAt)}`,
      `${t('followUpRegion')}: ${region(c.followUpRegionCode)}`,
      ...(c.testResult ? [`${t('test')}: ${label(`tracing.test.${str(c.testResult)}`, str(c.testResult))} (${date(c.testDate)})`] : []),
    ]),
  );
  section(t('vaccinations'), document.vaccinations.map((v) => [str(v.vaccine ?? v.kind), date(v.date)]));
  section(t('tests'), document.tests.map((v) => [`${str(v.kind)} · ${str(v.result)}`, dateTime(v.at)]));
  section(
    t('violations'),
    document.violations.map((v) => [label(`enforcement.offence.${str(v.offence)}`, str(v.offence)), `${t('where')}: ${region(v.regionCode)}`, `${t('when')}: ${dateTime(v.occurredAt)}`, `${t('status')}: ${str(v.status)}`]),
  );
  section(
    t('arrivals'),
    document.arrivals.map((a) => [
      `${t('reference')} ${str(a.reference)}`,
      `${t('origin')}: ${str(a.origin)} · ${t('arrivalDate')}: ${date(a.arrivalDate)}`,
      `${t('where')}: ${region(a.regionCode)}`,
      `${t('isolationUntil')}: ${date(a.isolationUntil)}`,
    ]),
  );
  section(
    t('notifications'),
    document.notifications.map((n) => [`${dateTime(n.createdAt)} · ${str(n.channel).toUpperCase()}`, ...(n.subject ? [str(n.subject)] : []), str(n.body)]),
  );
  section(
    t('screeningReferrals'),
    document.screeningReferrals.map((r) => [
      `${dateTime(r.createdAt)} · ${region(r.regionCode)}`,
      `${t('advice')}: ${label(`screeningPage.advice.${str(r.advice)}`, str(r.advice))}`,
      r.handledAt ? `${t('handled')}: ${dateTime(r.handledAt)}` : t('notHandled'),
    ]),
  );
  section(
    t('accessLog'),
    document.accessLog.map((a) => [dateTime(a.at), `${t('role')}: ${label(`roles.${a.role}`, a.role)}`, `${t('region')}: ${region(a.regionCode)}`, `${t('purpose')}: ${a.purpose}`]),
  );

  doc.moveDown(1.5);
  doc.font('Helvetica').fontSize(8.5).fillColor(COLOUR_MUTED).text(winAnsiText(t('footer')), { width });
  doc.end();
  return done;
}
