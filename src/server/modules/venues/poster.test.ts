import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { renderPosterPdf, renderPosterPng, toPrintableText, type PosterInput } from './poster.js';
import { checkInUrlFor, issuePosterToken } from './poster-token.js';

// Needs poppler-utils (pdfinfo, pdftoppm, pdftotext) and zbar-tools (zbarimg): Debian packages on the CI image.
const run = promisify(execFile);

const PREVIEW_PDF_PAGE = '/tmp/jagabaya-poster-preview.png';
const PREVIEW_PNG_POSTER = '/tmp/jagabaya-poster-png-preview.png';

const { token } = issuePosterToken(Buffer.alloc(32, 7));
const input: PosterInput = {
  venueName: 'Warung Makan Bu Komang Sari',
  address: 'Jl. Gajah Mada No. 42',
  desaName: 'Dauh Puri Kelod',
  kecamatanName: 'Denpasar Barat',
  sectorLabelId: 'Perdagangan',
  sectorLabelEn: 'Trade',
  posterNumber: 'DPS-000123-2',
  checkInUrl: checkInUrlFor('https://jagabaya.denpasarkota.go.id', token),
  issuedAt: new Date('2021-02-16T02:30:00Z'), // 10:30 WITA
  cityName: 'Kota Denpasar',
  timeZone: 'Asia/Makassar',
};

let workDirectory = '';
beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'jagabaya-poster-'));
});
afterAll(async () => {
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

async function decodeQr(pngPath: string): Promise<string> {
  const { stdout } = await run('zbarimg', ['--raw', '-q', pngPath]);
  return stdout.replace(/\n$/, '');
}

async function pdfFacts(pdf: Buffer, name: string): Promise<{ path: string; pages: number; pageSize: string; text: string }> {
  const path = join(workDirectory, `${name}.pdf`);
  await writeFile(path, pdf);
  const { stdout: info } = await run('pdfinfo', [path]);
  const { stdout: text } = await run('pdftotext', ['-layout', path, '-']);
  return {
    path,
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    pageSize: /^Page size:\s+(.+)$/m.exec(info)?.[1] ?? '',
    text,
  };
}

async function rasterise(pdfPath: string, name: string): Promise<string> {
  const prefix = join(workDirectory, name);
  await run('pdftoppm', ['-r', '150', '-png', '-singlefile', pdfPath, prefix]);
  return `${prefix}.png`;
}

describe('renderPosterPdf', () => {
  it('renders one A4 portrait page whose QR decodes to exactly the check-in URL', async () => {
    const pdf = await renderPosterPdf(input);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const facts = await pdfFacts(pdf, 'poster');
    expect(facts.pages).toBe(1);
    expect(facts.pageSize).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
    const page = await rasterise(facts.path, 'poster-page');
    await copyFile(page, PREVIEW_PDF_PAGE);
    expect(await decodeQr(page)).toBe(input.checkInUrl);
  });

  it('prints the venue, region, bilingual instructions, privacy line, tagline, poster number and WITA issue time', async () => {
    const { text } = await pdfFacts(await renderPosterPdf(input), 'poster-text');
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Warung Makan Bu Komang Sari',
      'Jl. Gajah Mada No. 42',
      'Desa/Kel. Dauh Puri Kelod · Kec. Denpasar Barat · Kota Denpasar',
      'PERDAGANGAN · TRADE',
      'Pindai untuk check-in',
      'Scan to check in',
      'Isi nama dan nomor HP (cukup sekali).',
      'Check out when you leave.',
      'Beri penilaian prokes tempat ini.',
      'Data Anda disimpan 21 hari dan hanya digunakan untuk pelacakan kontak.',
      'Your data is kept for 21 days and used only for contact tracing.',
      'Jaga Baya — Lindungi Usaha/Layanan · Lindungi Sesama · Lindungi Diri',
      'DPS-000123-2',
      'Diterbitkan 16 Februari 2021, pukul 10.30 WITA',
      'Issued 16 February 2021, 10:30 WITA',
      'poster lama tidak berlaku lagi',
      'older posters stop working',
      input.checkInUrl,
    ]) {
      expect(flat).toContain(expected);
    }
  });

  it('stays one decodable page for a very long name and text outside the standard fonts', async () => {
    const awkward: PosterInput = {
      ...input,
      venueName:
        'Koperasi Simpan Pinjam Sejahtera Bersama Banjar Tegal Kuwalon Dauh Puri — Kantor Pelayanan Utama dan Cabang Pembantu Renon ☕',
      address: 'Jl. Tukad Badung № 5, Blok Ā, lantai dasar, di sebelah selatan pasar, dekat pura banjar dan lapangan voli',
      desaName: 'Kelurahan Renon',
      kecamatanName: 'Kecamatan Denpasar Selatan',
      posterNumber: 'DPS-999999-12',
      checkInUrl: checkInUrlFor('https://jagabaya.denpasarkota.go.id/layanan/publik', token),
      retentionDays: 14,
    };
    const facts = await pdfFacts(await renderPosterPdf(awkward), 'poster-awkward');
    expect(facts.pages).toBe(1);
    expect(facts.text).toContain('Kelurahan Renon · Kec. Denpasar Selatan');
    expect(facts.text).toContain('disimpan 14 hari');
    expect(facts.text).toContain('Jl. Tukad Badung No 5, Blok A');
    expect(await decodeQr(await rasterise(facts.path, 'poster-awkward-page'))).toBe(awkward.checkInUrl);
  });

  it('gives the same bytes for the same input (reproducible reissue records)', async () => {
    expect((await renderPosterPdf(input)).equals(await renderPosterPdf(input))).toBe(true);
  });

  it('refuses an empty name, a check-in URL that is not http(s), or one too long for a sparse QR', async () => {
    await expect(renderPosterPdf({ ...input, venueName: '  ' })).rejects.toThrow(RangeError);
    await expect(renderPosterPdf({ ...input, checkInUrl: 'javascript:alert(1)' })).rejects.toThrow(RangeError);
    await expect(renderPosterPng({ ...input, checkInUrl: `${input.checkInUrl}?${'x'.repeat(200)}` })).rejects.toThrow(RangeError);
  });
});

describe('renderPosterPng', () => {
  it('renders a PNG whose QR decodes to exactly the check-in URL', async () => {
    const png = await renderPosterPng(input);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1080); // IHDR width
    const path = join(workDirectory, 'poster.png');
    await writeFile(path, png);
    await copyFile(path, PREVIEW_PNG_POSTER);
    expect(await decodeQr(path)).toBe(input.checkInUrl);
  });

  it('decodes for a long name and a longer URL too', async () => {
    const longer = { ...input, venueName: 'Pasar Badung — Los Sayur, Buah & Bumbu (Lantai 2) Blok Timur', checkInUrl: `${input.checkInUrl}?src=poster` };
    const path = join(workDirectory, 'poster-long.png');
    await writeFile(path, await renderPosterPng(longer));
    expect(await decodeQr(path)).toBe(longer.checkInUrl);
  });
});

describe('toPrintableText', () => {
  it('keeps Indonesian and Latin-1 text and falls back for characters Helvetica cannot show', () => {
    expect(toPrintableText('Warung “Bu Made” – Café')).toBe('Warung “Bu Made” – Café');
    expect(toPrintableText('Kafe Ōm ṛta № 5')).toBe('Kafe Om rta No 5');
    expect(toPrintableText('Toko 家 ☕')).toBe('Toko ? ?');
    expect(toPrintableText('  two\n lines\t ')).toBe('two lines');
  });
});
