import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

const venueBody = {
  name: 'Warung Teks',
  sector: 'trade',
  type: 'warung',
  regionCode: '51.71.01.1001',
  address: 'Jl. Tukad Punggawa 2',
  lat: -8.736259,
  lon: 115.23211,
  capacity: 20,
  indoor: true,
  openingHours: null,
};

// NUL gave 500 on PostgreSQL (SQLite stored it); CR/LF, direction overrides and invisible-only names were stored on both.
describeEachDatabase('text fields refuse control and invisible characters', (dialect) => {
  let t: TestApp;
  let venueId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    venueId = (await verifiedVenue(t)).id;
  });
  afterAll(() => t.close());

  const expectFieldError = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, field: string, message: string) => {
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({ status: 400, errors: [{ field, message }] });
  };

  it('a NUL in a query string or a login name is a 400 naming the field, not a 500', async () => {
    const search = await t.request({ method: 'GET', url: '/api/v1/public/venues?q=%00', headers: { 'accept-language': 'en' } });
    expectFieldError(search, 'q', 'must not contain control characters');
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'ad\u0000min', password: 'whatever-password' } });
    expectFieldError(login, 'username', 'must not contain control characters');
    // A password may hold anything typed, but never NUL.
    const password = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'pass\u0000word' } });
    expectFieldError(password, 'password', 'tidak boleh berisi karakter kontrol');
  });

  it('single-line fields (names, addresses) refuse line breaks, direction overrides, invisible-only text and NUL, in both languages', async () => {
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ name: 'Warung\r\nPalsu' }, 'name', 'must be a single line (no line breaks or tabs)', 'harus satu baris (tanpa ganti baris atau tab)'],
      [{ name: 'Warung \u202Egnaro' }, 'name', 'must not contain text-direction control characters', 'tidak boleh berisi karakter pengatur arah teks'],
      [{ name: 'Warung \u2067x\u2069' }, 'name', 'must not contain text-direction control characters', 'tidak boleh berisi karakter pengatur arah teks'],
      [{ name: '\u200B\u200B' }, 'name', 'must not consist of spaces or invisible characters only', 'tidak boleh hanya berisi spasi atau karakter tak terlihat'],
      [{ name: 'Warung\u0000' }, 'name', 'must not contain control characters', 'tidak boleh berisi karakter kontrol'],
      [{ address: 'Jl. Satu\nJl. Dua' }, 'address', 'must be a single line (no line breaks or tabs)', 'harus satu baris (tanpa ganti baris atau tab)'],
    ];
    for (const [patch, field, en, id] of cases) {
      const payload = { ...venueBody, ...patch };
      expectFieldError(await t.request({ method: 'POST', url: '/api/v1/venues', cookie: t.adminCookie, headers: { 'accept-language': 'en' }, payload }), field, en);
      expectFieldError(await t.request({ method: 'POST', url: '/api/v1/venues', cookie: t.adminCookie, headers: { 'accept-language': 'id' }, payload }), field, id);
    }
    const rename = await t.request({ method: 'PATCH', url: `/api/v1/venues/${venueId}`, cookie: t.adminCookie, headers: { 'accept-language': 'en' }, payload: { name: 'Line\nbreak' } });
    expectFieldError(rename, 'name', 'must be a single line (no line breaks or tabs)');
    // Ordinary names with accents, apostrophes and inner spaces still pass.
    const ok = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: t.adminCookie, payload: { ...venueBody, name: "Kafé Bu Komang's — Sanur" } });
    expect(ok.statusCode).toBe(201);
  });

  it('multi-line free text (a reason) keeps its line breaks but refuses NUL and other controls', async () => {
    const suspend = (reason: string) =>
      t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/suspension`, cookie: t.adminCookie, headers: { 'accept-language': 'en' }, payload: { reason } });
    expectFieldError(await suspend('Kapasitas\u0000 dilanggar'), 'reason', 'must not contain control characters');
    expectFieldError(await suspend('Kapasitas\u001B[31m dilanggar'), 'reason', 'must not contain control characters');
    expect((await suspend('Kapasitas dilanggar.\r\nDiperiksa\tlagi besok.')).statusCode).toBe(200);
  });
});
