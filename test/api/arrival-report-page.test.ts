// Issue #17, the newcomer's self-report drawn by the server without script (GET/POST /lapor-diri): the form in both
// languages, a plain form post stored through the same service and validation as POST /api/v1/arrivals, each wrong
// field's message beside it and nothing stored, and the forged posts (NUL byte, oversize body, unknown field or region).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

describeEachDatabase('the newcomer’s self-report page (lapor diri, no script)', (dialect) => {
  let t: TestApp;
  let lurah: string;
  let ip = 0;
  const nextAddress = () => `10.17.${Math.floor(++ip / 200)}.${ip % 200}`;
  const TODAY = '2026-11-29'; // the test clock's day in WITA
  const valid = (overrides: Record<string, string> = {}): Record<string, string> => ({
    name: 'Putu Pendatang',
    idKind: 'nik',
    nik: '3578011708850001',
    passport: '',
    phone: '0812 5555 6666',
    origin: 'Surabaya, Jawa Timur',
    arrivalDate: '2026-11-27',
    regionCode: SERANGAN,
    address: 'Jl. Tukad Punggawa, Kos Melati 3',
    purpose: 'Bekerja',
    ...overrides,
  });
  const encode = (fields: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) params.append(k, x);
    return params.toString();
  };
  const post = (fields: Record<string, string | string[]> | string, lang: 'id' | 'en' = 'id', remoteAddress = nextAddress()) =>
    t.request({ method: 'POST', url: `/lapor-diri?lang=${lang}`, remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: typeof fields === 'string' ? fields : encode(fields) });
  const count = async () => (await t.database.db.selectFrom('arrivals').select('id').execute()).length;
  const queue = async () => (await t.request({ method: 'GET', url: '/api/v1/arrivals', cookie: lurah })).json<{ reference: string; name: string; nik: string | null; passport: string | null; phone: string; arrivalDate: string; isolationUntil: string; address: string }[]>();
  /** The value an input shows, by its id. */
  const valueOf = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    lurah = (await t.staff('lurah.serangan.page', [{ role: 'village_officer', regionCode: SERANGAN }])).cookie;
  });
  afterAll(() => t?.close());

  it('draws the form in Indonesian and in English, with the desa/kelurahan sorted, today as the arrival date, and no script', async () => {
    const id = await t.request({ method: 'GET', url: '/lapor-diri', headers: { accept: 'text/html' } });
    expect(id.statusCode).toBe(200);
    expect(id.headers['content-type']).toMatch(/^text\/html/);
    expect(id.headers['content-security-policy']).toContain("default-src 'none'");
    expect(id.headers['content-security-policy']).not.toContain('script-src');
    expect(id.body).not.toMatch(/<script/i);
    expect(id.body).toContain('<html lang="id">');
    expect(id.body).toContain('Lapor diri pendatang');
    for (const testId of ['arrival-mode-self', 'arrival-mode-kos', 'arrival-form', 'arrival-name', 'arrival-id-kind', 'arrival-nik', 'arrival-passport', 'arrival-phone', 'arrival-origin', 'arrival-date', 'arrival-region', 'arrival-address', 'arrival-purpose', 'arrival-submit', 'lang-switch']) {
      expect(id.body, testId).toContain(`data-testid="${testId}"`);
    }
    expect(id.body).toMatch(/<a [^>]*href="\/lapor-diri\/kos" data-testid="arrival-mode-kos"/);
    expect(id.body).toContain('action="/lapor-diri?lang=id"');
    expect(valueOf(id.body, 'arrival-date')).toBe(TODAY);
    expect(id.body).not.toContain('data-testid="arrival-error"');
    const villages = [...id.body.matchAll(/<option value="(51\.71\.[\d.]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => ({ code: m[1]!, name: m[2]! }));
    expect(villages.length).toBeGreaterThan(40);
    expect(villages.map((v) => v.name)).toEqual([...villages.map((v) => v.name)].sort((a, b) => a.localeCompare(b)));
    expect(villages.every((v) => v.code.split('.').length === 4)).toBe(true);
    expect(villages.find((v) => v.code === SERANGAN)?.name).toBe('Serangan');

    const en = await t.request({ method: 'GET', url: '/lapor-diri?lang=en' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Newcomer&#39;s self-report');
    expect(en.body).toContain('action="/lapor-diri?lang=en"');
    expect(String(en.headers['set-cookie'])).toContain('jb_lang=en');
    // The remembered choice and Accept-Language choose the language too.
    expect((await t.request({ method: 'GET', url: '/lapor-diri', headers: { 'accept-language': 'en-AU,en;q=0.9' } })).body).toContain('<html lang="en">');
    expect((await t.request({ method: 'GET', url: '/lapor-diri', cookie: 'jb_lang=en' })).body).toContain('<html lang="en">');
  });

  it('a post stores one report, as the JSON API would, and answers the receipt', async () => {
    const before = await count();
    const res = await post(valid());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('data-testid="arrival-receipt"');
    expect(res.body).toContain('Laporan diterima');
    const reference = /Nomor laporan Anda (LD-[0-9A-Z]{8})\. Lakukan isolasi mandiri sampai 2026-12-11\./.exec(res.body)?.[1];
    expect(reference).toBeDefined();
    expect(await count()).toBe(before + 1);
    const stored = (await queue()).find((a) => a.reference === reference);
    expect(stored).toMatchObject({ name: 'Putu Pendatang', nik: '3578011708850001', passport: null, phone: '+6281255556666', arrivalDate: '2026-11-27', isolationUntil: '2026-12-11', address: 'Jl. Tukad Punggawa, Kos Melati 3' });
    // The same person through the JSON API is stored the same way.
    const api = await t.request({ method: 'POST', url: '/api/v1/arrivals', remoteAddress: nextAddress(), payload: { ...valid(), idKind: undefined, passport: undefined } });
    expect(api.statusCode, api.body).toBe(201);
    const viaApi = (await queue()).find((a) => a.reference === api.json<{ reference: string }>().reference);
    const strip = (a: object | undefined) => ({ ...a, id: undefined, reference: undefined });
    expect(viaApi).toBeDefined();
    expect(strip(viaApi)).toEqual(strip(stored));
  });

  it('a foreigner reports with a passport instead of a NIK, in English, and the report keeps its language', async () => {
    const res = await post(valid({ idKind: 'passport', nik: '', passport: 'x 1234567', name: 'Jane Doe', phone: '+61 412 345 678', origin: 'Perth, Australia', purpose: 'Remote work' }), 'en');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).toContain('Report received');
    const reference = /Your report number is (LD-[0-9A-Z]{8})\. Self-isolate until 2026-12-11\./.exec(res.body)?.[1];
    const stored = (await queue()).find((a) => a.reference === reference);
    expect(stored).toMatchObject({ name: 'Jane Doe', nik: null, passport: 'X1234567' });
    const row = await t.database.db.selectFrom('arrivals').select('language').where('reference', '=', reference!).executeTakeFirstOrThrow();
    expect(row.language).toBe('en');
    // The NIK typed before switching to a passport is not read: exactly one of them is stored.
    const both = await post(valid({ idKind: 'passport', nik: '3578011708850001', passport: 'Y7654321', name: 'John Roe' }), 'en');
    expect(both.statusCode).toBe(201);
    expect((await queue()).find((a) => a.name === 'John Roe')).toMatchObject({ nik: null, passport: 'Y7654321' });
  });

  const bad: [field: string, id: string, value: Record<string, string>, message: RegExp][] = [
    ['name', 'arrival-name', { name: '' }, /Wajib diisi/],
    ['nik (empty)', 'arrival-nik', { nik: '' }, /Wajib diisi/],
    ['nik (impossible birth date)', 'arrival-nik', { nik: '5171013202850001' }, /tanggal lahir pada NIK tidak mungkin/],
    ['passport (empty)', 'arrival-passport', { idKind: 'passport', nik: '3578011708850001', passport: '' }, /Wajib diisi/],
    ['passport (shape)', 'arrival-passport', { idKind: 'passport', passport: 'A1' }, /paspor/i],
    ['phone', 'arrival-phone', { phone: 'bukan nomor' }, /.+/],
    ['origin', 'arrival-origin', { origin: '   ' }, /^Wajib diisi\.$/],
    ['arrival date (too far ahead)', 'arrival-date', { arrivalDate: '2026-12-31' }, /7/],
    ['arrival date (not a date)', 'arrival-date', { arrivalDate: 'besok' }, /.+/],
    ['region (none chosen)', 'arrival-region', { regionCode: '' }, /Wajib diisi/],
    ['region (forged code)', 'arrival-region', { regionCode: '51.71.99.9999' }, /.+/],
    ['region (not a region code)', 'arrival-region', { regionCode: '<x>' }, /.+/],
    ['address', 'arrival-address', { address: '' }, /Wajib diisi/],
    ['purpose', 'arrival-purpose', { purpose: '' }, /Wajib diisi/],
    ['name with a NUL byte', 'arrival-name', { name: 'Putu\u0000Pendatang' }, /.+/],
  ];
  for (const [label, id, change, message] of bad) {
    it(`a wrong ${label} comes back beside its field, the values kept, and nothing is stored`, async () => {
      const before = await count();
      const res = await post(valid({ name: 'Kadek <Salah> "Isi"', ...change }));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).not.toMatch(/<script/i);
      expect(await count()).toBe(before);
      const error = new RegExp(`<p class="field-error" id="${id}-error" data-testid="${id}-error">([^<]*)</p>`).exec(res.body);
      expect(error, res.body).not.toBeNull();
      expect(error![1]).toMatch(message);
      const control = new RegExp(`<(input|select) id="${id}"[^>]*>`).exec(res.body)![0];
      expect(control).toContain('aria-invalid="true"');
      expect(control).toMatch(new RegExp(`aria-describedby="([\\w-]+ )?${id}-error"`));
      expect(control).toContain('autofocus');
      expect(res.body).toMatch(/<div class="alert alert--error" role="alert" data-testid="arrival-error">Periksa isian yang ditandai\./);
      // What was typed is kept (escaped), the form posts again in the same language.
      if (!('name' in change)) expect(valueOf(res.body, 'arrival-name')).toBe('Kadek &lt;Salah&gt; &quot;Isi&quot;');
      if (!('phone' in change)) expect(valueOf(res.body, 'arrival-phone')).toBe('0812 5555 6666');
      expect(res.body).toContain('action="/lapor-diri?lang=id"');
      if (change.idKind === 'passport') expect(res.body).toMatch(/<option value="passport" selected>/);
    });
  }

  it('the messages are in the page’s language', async () => {
    const res = await post(valid({ name: '', purpose: '' }), 'en');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('data-testid="arrival-name-error">Required.</p>');
    expect(res.body).toContain('data-testid="arrival-purpose-error">Required.</p>');
    expect(res.body).toContain('data-testid="arrival-error">Please check the highlighted fields.');
    // Only the first wrong field takes the focus.
    expect(res.body.match(/ autofocus/g)).toHaveLength(1);
  });

  it('an unknown or repeated field is refused and named in the summary; nothing is stored', async () => {
    const before = await count();
    const unknown = await post(valid({ role: 'admin' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatch(/data-testid="arrival-error">[^<]*role: kolom tidak dikenal/);
    const proto = await post(`${encode(valid())}&__proto__=x`);
    expect(proto.statusCode).toBe(400);
    expect(proto.body).toMatch(/data-testid="arrival-error">[^<]*__proto__/);
    const repeated = await post({ ...valid(), name: ['Putu', 'Kadek'] });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.body).toContain('data-testid="arrival-name-error"');
    const forgedKind = await post(valid({ idKind: 'ktp' }));
    expect(forgedKind.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('a 10 MB body is refused with 413 before it is read, a JSON post with 415; nothing is stored', async () => {
    const before = await count();
    const huge = await post(encode(valid({ address: 'x'.repeat(10 * 1024 * 1024) })));
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(/^text\/html/);
    expect(huge.body).toContain('data-testid="arrival-error">Isi permintaan melebihi batas 16384 byte.');
    expect(huge.body).toContain('data-testid="arrival-form"');
    const json = await t.request({ method: 'POST', url: '/lapor-diri', remoteAddress: nextAddress(), payload: { ...valid(), idKind: undefined, passport: undefined } });
    expect(json.statusCode).toBe(415);
    expect(await count()).toBe(before);
  });

  it('is rate limited per address, as the JSON API', async () => {
    const address = '10.17.250.1';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await post(valid({ name: '' }), 'id', address)).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
