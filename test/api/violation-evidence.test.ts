import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

// Issue #15: the evidence of a violation. Photos (re-encoded, metadata stripped, at most three) and, below, letters.

/** A phone's camera file: a JPEG wider than the stored size, lying on its side (EXIF orientation 6), with GPS, the phone's make and a Display P3 profile. */
async function cameraJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#b03020' } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'KameraHP', Model: 'Seri-123' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '8/1 39/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '115/1 13/1 4/1' } })
    .withMetadata({ orientation: 6 })
    .withIccProfile('p3')
    .toBuffer();
}

/** The text of a PDF as poppler lays it out (whitespace folded, so a line break in the layout does not matter). */
function pdfText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'letter-')), 'letter.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
}

/** The EXIF tag 0x8825 (GPSInfo), as the little-endian TIFF sharp writes stores it. */
const GPS_TAG = Buffer.from([0x25, 0x88]);

describeEachDatabase('enforcement: violation photos', (dialect) => {
  let t: TestApp;
  let satpolSelatan: string;
  let satpolTimur: string;
  let satgasKota: string;

  const iso = (ms: number) => new Date(ms).toISOString();
  const post = (cookie: string, url: string, payload: unknown) => t.request({ method: 'POST', url, cookie, payload: payload as Record<string, unknown> });
  const get = (cookie: string, url: string) => t.request({ method: 'GET', url, cookie });
  const upload = (cookie: string, violationId: string, body: Buffer, contentType = 'image/jpeg', clientKey?: string) =>
    t.request({ method: 'POST', url: `/api/v1/violations/${violationId}/photos${clientKey ? `?clientKey=${clientKey}` : ''}`, cookie, headers: { 'content-type': contentType }, payload: body });
  const newViolation = async (name = 'I Made Foto') =>
    (await post(satpolSelatan, '/api/v1/violations', { offence: 'masker_tidak_benar', regionCode: SERANGAN, occurredAt: iso(t.clock.now() - 60_000), subject: { kind: 'person', name, phone: '081234500001' } })).json<{ id: string }>().id;
  const photoCount = async () => Number((await t.database.db.selectFrom('violation_photos').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    satpolSelatan = (await t.staff('satpolpp.selatan', [{ role: 'enforcement_officer', regionCode: SELATAN }])).cookie;
    satpolTimur = (await t.staff('satpolpp.timur', [{ role: 'enforcement_officer', regionCode: TIMUR }])).cookie;
    satgasKota = (await t.staff('satgas.kota', [{ role: 'task_force', regionCode: '51.71' }])).cookie;
  });
  afterAll(() => t.close());

  it('a camera photo is stored upright, within 1600 px, as JPEG without EXIF, GPS or colour profile; the detail lists it and the read is audited', async () => {
    const original = await cameraJpeg();
    const before = await sharp(original).metadata();
    expect(before.exif?.includes(GPS_TAG), 'the test photo carries GPS').toBe(true);
    expect(before.orientation).toBe(6);
    expect(before.icc, 'the test photo carries a colour profile').toBeDefined();
    expect(original.includes(Buffer.from('KameraHP'))).toBe(true);

    const id = await newViolation();
    const added = await upload(satpolSelatan, id, original);
    expect(added.statusCode, added.body).toBe(201);
    const photoId = added.json<{ id: string }>().id;

    const got = await get(satpolSelatan, `/api/v1/violations/${id}/photos/${photoId}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    const stored = got.rawPayload;
    const after = await sharp(stored).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(stored.includes(Buffer.from('KameraHP'))).toBe(false);
    // Turned upright (2400×1200 on its side is 1200×2400 standing), then fit within 1600 px.
    expect([after.width, after.height]).toEqual([800, 1600]);

    const detail = (await get(satpolSelatan, `/api/v1/violations/${id}`)).json();
    expect(detail.photos).toEqual([{ id: photoId, createdAt: expect.any(String), bytes: stored.length }]);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['violation.photo_add', 'violation.photo_read']));

    // A camera file of several megabytes (far above the API's JSON body limit) is taken and shrunk.
    const noise = Buffer.alloc(2000 * 1500 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const large = await sharp(noise, { raw: { width: 2000, height: 1500, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
    expect(large.length).toBeGreaterThan(2 * 1024 * 1024);
    const big = await upload(satpolSelatan, await newViolation('Foto Besar'), large);
    expect(big.statusCode, big.body).toBe(201);

    // PNG and WebP from a gallery are accepted as well, and stored as JPEG.
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#204080' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#204080' } }).webp().toBuffer();
    const other = await newViolation('Foto Galeri');
    for (const [body, type] of [[png, 'image/png'], [webp, 'image/webp']] as const) {
      const res = await upload(satpolSelatan, other, body, type);
      expect(res.statusCode, res.body).toBe(201);
      expect((await sharp((await get(satpolSelatan, `/api/v1/violations/${other}/photos/${res.json<{ id: string }>().id}`)).rawPayload).metadata()).format).toBe('jpeg');
    }
  });

  it('refuses what is not a photo (400 naming photo), a body over 8 MB (413 naming photo) and a fourth photo, storing nothing', async () => {
    const id = await newViolation('Foto Salah');
    const count = await photoCount();

    const text = await upload(satpolSelatan, id, Buffer.from('bukan foto, hanya teks bernama foto.jpg\n'));
    expect(text.statusCode).toBe(400);
    expect(text.headers['content-type']).toContain('application/problem+json');
    expect(text.json().errors.map((e: { field: string }) => e.field)).toEqual(['photo']);
    // A JPEG's first bytes on a broken file: it does not decode.
    const truncated = (await cameraJpeg()).subarray(0, 400);
    expect((await upload(satpolSelatan, id, truncated)).json().errors?.[0]?.field).toBe('photo');

    const huge = Buffer.concat([await cameraJpeg(), Buffer.alloc(8 * 1024 * 1024)]);
    const tooBig = await upload(satpolSelatan, id, huge);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toContain('application/problem+json');
    expect(tooBig.json().errors.map((e: { field: string }) => e.field)).toEqual(['photo']);
    // A decompression bomb: a small PNG of 60 million pixels is refused before its pixels are decoded.
    const bomb = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9, palette: true }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const bombed = await upload(satpolSelatan, id, bomb, 'image/png');
    expect(bombed.statusCode).toBe(400);
    expect(bombed.json().errors.map((e: { field: string }) => e.field)).toEqual(['photo']);
    // Another media type is not a photo either.
    expect((await upload(satpolSelatan, id, Buffer.from('x'), 'text/plain')).statusCode).toBe(415);
    expect(await photoCount()).toBe(count);

    const small = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#0a0' } }).jpeg().toBuffer();
    for (let i = 0; i < 3; i++) expect((await upload(satpolSelatan, id, small)).statusCode).toBe(201);
    const fourth = await upload(satpolSelatan, id, small);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toMatchObject({ type: expect.stringContaining('photo-limit'), max: 3 });
    expect(fourth.json().detail).toMatch(/3 foto/);
    expect(await photoCount()).toBe(count + 3);
  });

  it('a replayed clientKey answers 409 with the stored photo; the same key on another violation is a new photo', async () => {
    const id = await newViolation('Foto Antrean');
    const photo = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#00a' } }).jpeg().toBuffer();
    const key = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const first = await upload(satpolSelatan, id, photo, 'image/jpeg', key);
    expect(first.statusCode).toBe(201);
    const count = await photoCount();
    const again = await upload(satpolSelatan, id, photo, 'image/jpeg', key);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ existingId: first.json().id });
    expect(await photoCount()).toBe(count);
    const elsewhere = await upload(satpolSelatan, await newViolation('Foto Lain'), photo, 'image/jpeg', key);
    expect(elsewhere.statusCode).toBe(201);
  });

  it('out of scope: another region’s officer neither adds nor reads a photo (403 without the region, audited); an annulled violation keeps its photos but takes no more', async () => {
    const id = await newViolation('Foto Wilayah');
    const photo = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#aa0' } }).jpeg().toBuffer();
    const photoId = (await upload(satpolSelatan, id, photo)).json<{ id: string }>().id;
    const count = await photoCount();

    const add = await upload(satpolTimur, id, photo);
    expect(add.statusCode).toBe(403);
    expect(add.body).not.toContain(SERANGAN);
    const read = await get(satpolTimur, `/api/v1/violations/${id}/photos/${photoId}`);
    expect(read.statusCode).toBe(403);
    expect(read.body).not.toContain(SERANGAN);
    expect(await photoCount()).toBe(count);
    const denied = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'violation.access_denied').execute();
    expect(denied).toHaveLength(2);
    expect((await t.request({ method: 'GET', url: `/api/v1/violations/${id}/photos/${photoId}` })).statusCode).toBe(401);
    // A photo of another violation is not reached through this one.
    const otherId = await newViolation('Foto Lain Lagi');
    expect((await get(satpolSelatan, `/api/v1/violations/${otherId}/photos/${photoId}`)).statusCode).toBe(404);

    expect((await post(satgasKota, `/api/v1/violations/${id}/annul`, { reason: 'Salah catat' })).statusCode).toBe(200);
    const late = await upload(satpolSelatan, id, photo);
    expect(late.statusCode).toBe(409);
    expect(late.json().type).toContain('violation-annulled');
    expect((await get(satpolSelatan, `/api/v1/violations/${id}/photos/${photoId}`)).statusCode).toBe(200);
    expect((await get(satgasKota, `/api/v1/violations/${id}`)).json().photos.map((p: { id: string }) => p.id)).toEqual([photoId]);
  });

  it('a written warning to a person: a PDF letter naming the person, the offence, its legal basis and the next step on the ladder; audited; out of scope refused', async () => {
    const nik = '5171011708850001';
    const subject = { kind: 'person', nik, name: 'I Wayan Surat', phone: '081234500009' };
    const body = { offence: 'masker_tidak_benar', regionCode: SERANGAN, occurredAt: iso(t.clock.now() - 60_000), subject, team: 'Tim Yustisi 2' };
    await post(satpolSelatan, '/api/v1/violations', body);
    const second = (await post(satpolSelatan, '/api/v1/violations', body)).json();
    expect(second.proposedSanction.type).toBe('teguran_tertulis');
    const sanction = (await post(satpolSelatan, `/api/v1/violations/${second.id}/sanctions`, { type: 'teguran_tertulis' })).json<{ id: string }>();

    const res = await get(satpolSelatan, `/api/v1/sanctions/${sanction.id}/letter.pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="surat-teguran-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.pdf"$/);
    const letter = pdfText(res.rawPayload);
    expect(letter).toContain('PEMERINTAH KOTA DENPASAR');
    expect(letter).toContain('SURAT TEGURAN TERTULIS');
    expect(letter).toContain('Sdr./Sdri. I Wayan Surat');
    expect(letter).toContain(`NIK ${nik}`);
    expect(letter).toContain('Masker tidak dipakai dengan benar');
    expect(letter).toContain('Dasar hukum: Perwali Denpasar 48/2020 Pasal 4; Pergub Bali 46/2020');
    expect(letter).toContain('Kelurahan Serangan');
    // The third wrongly-worn mask within 12 months is fined.
    expect(letter).toMatch(/kembali melakukan pelanggaran yang sejenis, akan dikenakan sanksi Denda administratif Rp100\.000/);
    expect(letter).toContain('Ketua Tim Yustisi 2');
    expect(letter).toMatch(/Nomor : 300\/TT-[0-9A-F]{6}\/Satgas-COVID19\/[IVX]+\/\d{4}/);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', second.id).where('action', '=', 'violation.letter_read').execute();
    expect(audit).toHaveLength(1);

    const denied = await get(satpolTimur, `/api/v1/sanctions/${sanction.id}/letter.pdf`);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).not.toContain(SERANGAN);
    expect((await t.request({ method: 'GET', url: `/api/v1/sanctions/${sanction.id}/letter.pdf` })).statusCode).toBe(401);

    // A sanction that is not a letter has none; an annulled warning is no longer issued.
    const fine = (await post(satpolSelatan, `/api/v1/violations/${second.id}/sanctions`, { type: 'denda', amountIdr: 100_000, reason: 'Tidak kooperatif' })).json<{ id: string }>();
    const none = await get(satpolSelatan, `/api/v1/sanctions/${fine.id}/letter.pdf`);
    expect(none.statusCode).toBe(404);
    expect(none.json().detail).toMatch(/teguran tertulis dan rekomendasi pencabutan izin/);
    expect((await post(satgasKota, `/api/v1/sanctions/${sanction.id}/annul`, { reason: 'Salah orang' })).statusCode).toBe(200);
    expect((await get(satpolSelatan, `/api/v1/sanctions/${sanction.id}/letter.pdf`)).statusCode).toBe(409);
  });

  it('a venue: its written warning names the venue and the ladder ahead; the revocation recommendation goes to DPMPTSP and lists every violation with its sanctions', async () => {
    const venue = await verifiedVenue(t, { name: 'Kafe Surat Cabut', capacity: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(satpolSelatan, '/api/v1/violations', { offence: i === 1 ? 'melewati_jam_operasional' : 'melebihi_kapasitas', regionCode: SERANGAN, occurredAt: iso(t.clock.now() - (10 - i) * 60_000), subject: { kind: 'venue', venueId: venue.id } });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json<{ id: string }>().id);
    }
    const warning = (await post(satpolSelatan, `/api/v1/violations/${ids[0]}/sanctions`, { type: 'teguran_tertulis' })).json<{ id: string }>();
    await post(satpolSelatan, `/api/v1/violations/${ids[1]}/sanctions`, { type: 'denda', amountIdr: 1_000_000 });
    await post(satpolSelatan, `/api/v1/violations/${ids[3]}/sanctions`, { type: 'penutupan' });
    const recommendation = (await post(satpolSelatan, `/api/v1/violations/${ids[3]}/sanctions`, { type: 'rekomendasi_pencabutan_izin' })).json<{ id: string }>();

    expect((await get(satpolSelatan, `/api/v1/violations/${ids[0]}`)).json().subject).toEqual({ kind: 'venue', venueId: venue.id, venueName: 'Kafe Surat Cabut' });
    const listed = (await get(satpolSelatan, `/api/v1/violations?region=${SERANGAN}&limit=200`)).json().items.find((i: { id: string }) => i.id === ids[0]);
    expect(listed.subject).toEqual({ kind: 'venue', venueId: venue.id, venueName: 'Kafe Surat Cabut' });
    const warningText = pdfText((await get(satpolSelatan, `/api/v1/sanctions/${warning.id}/letter.pdf`)).rawPayload);
    expect(warningText).toContain('Pengelola/Pemilik Kafe Surat Cabut');
    expect(warningText).toContain('Melebihi batas kapasitas');
    expect(warningText).toContain('Dasar hukum: Perwali Denpasar 32/2020');
    expect(warningText).toMatch(/akan dikenakan sanksi Denda administratif Rp1\.000\.000; pelanggaran berikutnya: Penghentian sementara kegiatan usaha 3 hari; kemudian Penutupan usaha disertai rekomendasi pencabutan izin/);

    const res = await get(satgasKota, `/api/v1/sanctions/${recommendation.id}/letter.pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const letter = pdfText(res.rawPayload);
    expect(letter).toContain('REKOMENDASI PENCABUTAN IZIN USAHA');
    expect(letter).toContain('Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) Kota Denpasar');
    expect(letter).toContain('Nama usaha : Kafe Surat Cabut');
    expect(letter).toContain('Pelanggaran yang tercatat (4)');
    expect(letter.match(/Melebihi batas kapasitas/g)).toHaveLength(3);
    expect(letter).toContain('Beroperasi melewati jam operasional');
    expect(letter).toContain('Sanksi: Teguran tertulis');
    expect(letter).toContain('Sanksi: Denda administratif Rp1.000.000');
    expect(letter).toContain('Sanksi: Penutupan usaha; Rekomendasi pencabutan izin');
    expect(letter).toContain('MEREKOMENDASIKAN');
  });
});

