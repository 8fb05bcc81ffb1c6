import PDFDocument from 'pdfkit';
import { pdfBytes, winAnsiText } from '../../shared/pdf.js';

/*
 * The two sanctions that are letters (issue #15): a written warning (surat teguran tertulis) to the person or venue,
 * and the task force's recommendation to the licensing office (DPMPTSP) to revoke a venue's permit. One A4 page each
 * (the recommendation runs on when the venue's record is long), in Indonesian, the language of official letters, like
 * the PKM approval letter; the warning carries an English line under its title for visitors. A pure function of its
 * input: the same sanction gives the same bytes.
 */

export type LetterKind = 'teguran_tertulis' | 'rekomendasi_pencabutan_izin';
export const LETTER_KINDS: readonly string[] = ['teguran_tertulis', 'rekomendasi_pencabutan_izin'] satisfies LetterKind[];

export interface LetterOffence {
  /** Epoch ms. */
  occurredAt: number;
  offenceLabel: string;
  legalBasis: string;
  place: string;
  /** The standing sanctions of this offence, in words. */
  sanctions: string[];
}

export interface SanctionLetterInput {
  kind: LetterKind;
  number: string;
  /** Local date YYYY-MM-DD the sanction was applied. */
  letterDate: string;
  cityName: string;
  timeZone: string;
  timeZoneLabel: string;
  team: string | null;
  recipient: { kind: 'person'; name: string; nik: string | null } | { kind: 'venue'; name: string; address: string; place: string };
  /** The offence this sanction is for. */
  offence: LetterOffence;
  /** The ladder's legal basis (the version in force on the day). */
  ladderBasis: string;
  /** The ladder's next steps for the same kind of offence, in words, nearest first (the warning's "what happens next"). */
  nextSteps: string[];
  windowMonths: number;
  /** The venue's offences on record, oldest first (the recommendation's list). */
  history: LetterOffence[];
  /** The sanction's id, printed small so the letter leads back to the record. */
  reference: string;
}

const COLOUR_TEXT = '#1a1a1a';
const COLOUR_MUTED = '#555555';
const COLOUR_PRIMARY = '#0c5c58';

/** "2026-12-03" → "3 Desember 2026". */
export function longDateId(date: string): string {
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** An instant as the city reads it: "3 Desember 2026 pukul 10.30 WITA". */
function dateTimeId(ms: number, timeZone: string, zoneLabel: string): string {
  const date = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(ms);
  const time = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms).replace(':', '.');
  return `${date} pukul ${time} ${zoneLabel}`;
}

const cityShort = (cityName: string) => cityName.replace(/^Kota\s+/i, '');

export async function renderSanctionLetterPdf(input: SanctionLetterInput): Promise<Buffer> {
  const margin = 56;
  const created = new Date(`${input.letterDate}T00:00:00Z`);
  const warning = input.kind === 'teguran_tertulis';
  const title = warning ? 'SURAT TEGURAN TERTULIS' : 'REKOMENDASI PENCABUTAN IZIN USAHA';
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    lang: 'id-ID',
    displayTitle: true,
    info: { Title: winAnsiText(`${title} No. ${input.number}`), Author: winAnsiText(`Satgas Penanganan COVID-19 ${input.cityName}`), Creator: 'Jaga Baya', CreationDate: created, ModDate: created },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - 2 * margin;
  const t = winAnsiText;
  const paragraph = (s: string, options: PDFKit.Mixins.TextOptions = {}) => {
    doc.font('Helvetica').fontSize(10.5).fillColor(COLOUR_TEXT).text(t(s), margin, doc.y, { width, align: 'justify', ...options });
    doc.moveDown(0.6);
  };

  // Letterhead (kop surat)
  doc.fillColor(COLOUR_TEXT).font('Helvetica-Bold').fontSize(13).text(t(`PEMERINTAH ${input.cityName.toUpperCase()}`), { align: 'center' });
  doc.fontSize(14).text('SATUAN TUGAS PENANGANAN COVID-19', { align: 'center' });
  doc.font('Helvetica').fontSize(9.5).text(t(`Tim Penegakan Disiplin Protokol Kesehatan · ${input.cityName}`), { align: 'center' });
  const lineY = doc.y + 6;
  doc.moveTo(margin, lineY).lineTo(margin + width, lineY).lineWidth(2).strokeColor(COLOUR_TEXT).stroke();
  doc.moveTo(margin, lineY + 3).lineTo(margin + width, lineY + 3).lineWidth(0.5).stroke();
  doc.y = lineY + 16;

  // Number, date, subject; the recommendation is addressed to the licensing office.
  const top = doc.y;
  const meta: [string, string][] = [
    ['Nomor', input.number],
    ['Sifat', warning ? 'Penting' : 'Segera'],
    ['Perihal', warning ? 'Teguran tertulis atas pelanggaran protokol kesehatan' : `Rekomendasi pencabutan izin usaha ${input.recipient.name}`],
  ];
  for (const [label, value] of meta) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10.5).text(t(label), margin, y, { width: 60 });
    doc.text(':', margin + 60, y, { width: 10 });
    doc.font(label === 'Perihal' ? 'Helvetica-Bold' : 'Helvetica').text(t(value), margin + 72, y, { width: width - 72 - 170 });
  }
  const afterMeta = doc.y;
  doc.font('Helvetica').fontSize(10.5).text(t(`${cityShort(input.cityName)}, ${longDateId(input.letterDate)}`), margin + width - 170, top, { width: 170, align: 'right' });
  doc.y = Math.max(afterMeta, doc.y) + 10;

  doc.font('Helvetica').fontSize(10.5).text('Kepada Yth.', margin, doc.y);
  if (warning) {
    const r = input.recipient;
    doc.font('Helvetica-Bold').text(t(r.kind === 'person' ? `Sdr./Sdri. ${r.name}` : `Pengelola/Pemilik ${r.name}`));
    doc.font('Helvetica').text(t(r.kind === 'person' ? (r.nik ? `NIK ${r.nik}` : '') : `${r.address}, ${r.place}`));
  } else {
    doc.font('Helvetica-Bold').text(t(`Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) ${input.cityName}`), { width: width - 170 });
  }
  doc.font('Helvetica').text(t(`di ${cityShort(input.cityName)}`));
  doc.moveDown(1);

  doc.font('Helvetica-Bold').fontSize(12.5).text(title, margin, doc.y, { width, align: 'center' });
  if (warning) doc.font('Helvetica-Oblique').fontSize(8.5).fillColor(COLOUR_MUTED).text('Written warning: breach of the health protocol', { width, align: 'center' });
  doc.moveDown(0.8);

  const o = input.offence;
  if (warning) {
    const subject = input.recipient.kind === 'person' ? 'Saudara' : `usaha/tempat kegiatan ${input.recipient.name} yang Saudara kelola`;
    paragraph(
      `Berdasarkan ${input.ladderBasis}, dan hasil pengawasan Tim Penegakan Disiplin Protokol Kesehatan${input.team ? ` (${input.team})` : ''} ` +
        `pada ${dateTimeId(o.occurredAt, input.timeZone, input.timeZoneLabel)} di ${o.place}, ${subject} telah melakukan pelanggaran protokol kesehatan berupa:`,
    );
    offenceBlock(o);
    paragraph(`Atas pelanggaran tersebut, dengan surat ini ${input.recipient.kind === 'person' ? 'Saudara' : 'pengelola'} diberikan TEGURAN TERTULIS dan diminta untuk segera mematuhi protokol kesehatan yang berlaku.`);
    if (input.nextSteps.length > 0) {
      const [next, ...later] = input.nextSteps;
      paragraph(
        `Apabila dalam ${input.windowMonths} bulan sejak pelanggaran ini ${input.recipient.kind === 'person' ? 'Saudara' : 'usaha tersebut'} kembali melakukan pelanggaran yang sejenis, ` +
          `akan dikenakan sanksi ${next}${later.length > 0 ? `; pelanggaran berikutnya: ${later.join('; kemudian ')}` : ''}, sesuai ketentuan yang berlaku.`,
      );
    }
    paragraph('Demikian teguran ini disampaikan untuk diperhatikan dan dilaksanakan.');
  } else {
    const r = input.recipient;
    paragraph(
      `Berdasarkan ${input.ladderBasis}, bersama ini Satuan Tugas Penanganan COVID-19 ${input.cityName} menyampaikan bahwa usaha/tempat kegiatan berikut ` +
        'telah berulang kali melanggar protokol kesehatan, dan sanksi yang diberikan tidak menghentikan pelanggaran tersebut:',
    );
    const rows: [string, string][] = r.kind === 'venue' ? [['Nama usaha', r.name], ['Alamat', r.address], ['Desa/Kelurahan', r.place]] : [['Nama', r.name]];
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.font('Helvetica').fontSize(10.5).text(t(label), margin + 16, y, { width: 110 });
      doc.text(':', margin + 126, y, { width: 10 });
      doc.font('Helvetica-Bold').text(t(value), margin + 138, y, { width: width - 138 });
    }
    doc.moveDown(0.6);
    paragraph(`Pelanggaran yang tercatat (${input.history.length}):`, { align: 'left' });
    input.history.forEach((h, i) => offenceBlock(h, `${i + 1}.`));
    paragraph(
      `Sehubungan dengan hal tersebut, kami MEREKOMENDASIKAN kepada Kepala DPMPTSP ${input.cityName} untuk mencabut izin usaha ${r.name} ` +
        'sesuai dengan ketentuan peraturan perundang-undangan. Bersama surat ini usaha tersebut telah dikenakan sanksi penutupan.',
    );
    paragraph('Demikian rekomendasi ini disampaikan. Atas perhatian dan kerja samanya, kami ucapkan terima kasih.');
  }

  // Signature block of the team (or the task force's head for the recommendation).
  doc.moveDown(0.6);
  if (doc.y > doc.page.height - margin - 110) doc.addPage();
  const signX = margin + width - 230;
  const signer = warning ? `Ketua ${input.team ?? 'Tim Penegakan Disiplin Protokol Kesehatan'},` : `Ketua Pelaksana Satgas Penanganan COVID-19 ${input.cityName},`;
  doc.font('Helvetica').fontSize(10.5).fillColor(COLOUR_TEXT).text(t(signer), signX, doc.y, { width: 230, align: 'center' });
  doc.moveDown(3.5);
  doc.text('(..........................................)', signX, doc.y, { width: 230, align: 'center' });
  doc.text('NIP. ..........................................', signX, doc.y, { width: 230, align: 'center' });

  if (!warning) {
    doc.moveDown(1.5);
    doc.font('Helvetica').fontSize(9).text('Tembusan:', margin, doc.y);
    [`Walikota ${cityShort(input.cityName)} (sebagai laporan)`, `Kepala Satuan Polisi Pamong Praja ${input.cityName}`, 'Arsip'].forEach((c, i) => doc.text(t(`${i + 1}. ${c}`), margin, doc.y));
  }

  doc.font('Helvetica').fontSize(7.5).fillColor(COLOUR_PRIMARY);
  doc.text(t(`Diterbitkan melalui Jaga Baya · sanksi ${input.reference}`), margin, doc.page.height - margin - 10, { width, align: 'center', lineBreak: false });
  doc.end();
  return done;

  /** One offence: what, when and where, its legal basis, its sanctions (for the recommendation's list). */
  function offenceBlock(h: LetterOffence, bullet?: string) {
    const x = margin + 16;
    const inner = width - 16;
    const y = doc.y;
    if (bullet) doc.font('Helvetica').fontSize(10.5).fillColor(COLOUR_TEXT).text(bullet, x, y, { width: 18 });
    const textX = bullet ? x + 18 : x;
    doc.font('Helvetica-Bold').fontSize(10.5).fillColor(COLOUR_TEXT).text(t(h.offenceLabel), textX, y, { width: inner - (textX - x) });
    doc.font('Helvetica').fontSize(9.5);
    // The recommendation's list: when and where, the basis and the sanctions on one or two lines per offence.
    const details = bullet
      ? [`${dateTimeId(h.occurredAt, input.timeZone, input.timeZoneLabel)}, ${h.place}`, `Dasar hukum: ${h.legalBasis}`, ...(h.sanctions.length > 0 ? [`Sanksi: ${h.sanctions.join('; ')}`] : [])].join(' · ')
      : `Dasar hukum: ${h.legalBasis}`;
    doc.text(t(details), textX, doc.y, { width: inner - (textX - x) });
    doc.moveDown(0.4);
  }
}
