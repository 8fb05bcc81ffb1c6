// Issue #17, fast where the public goes: the public zone page GET /zona drawn whole by the server, with no script.
// The map's desa are links, the choice is a GET form, the rules are those GET /api/v1/rules/in-force answers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { text } from '../../src/server/shared/texts.js';
import { createTestApp, KESIMAN, PEDUNGAN, SERANGAN, type TestApp } from '../app-harness.js';
import { createTestDatabase, describeEachDatabase } from '../databases.js';

interface Zone {
  regionCode: string;
  name: string;
  colour: string;
  activeCases: number;
}

interface InForce {
  open: boolean;
  restricted: boolean;
  capacityPercent: number;
  localTime: string;
  sources: { legalBasis: string }[];
}

/** The element with this data-testid, up to its own closing tag ('' when there is none). */
function part(html: string, testId: string): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<', start);
  const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  tags.lastIndex = open;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(open, m.index + m[0].length);
  }
  return html.slice(open);
}

/** The text of some markup, tags dropped and entities read. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!)
    .replace(/\s+/g, ' ')
    .trim();

describeEachDatabase('the public zone page drawn by the server', (dialect) => {
  let t: TestApp;
  let address = 0;
  const page = (url: string, headers: Record<string, string> = {}) =>
    t.request({ method: 'GET', url, headers: { accept: 'text/html', ...headers }, remoteAddress: `10.17.${Math.floor(++address / 200)}.${address % 200}` });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const date = t.services.policies.today();
    // Four colours on the map (thresholds 3 / 11 / 41).
    for (const [regionCode, activeCases] of [[SERANGAN, 0], [PEDUNGAN, 12], [KESIMAN, 45], ['51.71.01.1003', 5]] as const) {
      const res = await t.request({ method: 'POST', url: '/api/v1/zones/active-cases', cookie: t.adminCookie, payload: { regionCode, date, activeCases } });
      expect(res.statusCode, res.body).toBe(200);
    }
    // A city rule set in force, so that the rules have facts to show.
    const adopted = await t.request({ method: 'POST', url: '/api/v1/rule-sets/from-template', cookie: t.adminCookie, payload: { template: 'perwali-32-2020' } });
    expect(adopted.statusCode, adopted.body).toBe(201);
    const published = await t.request({ method: 'POST', url: `/api/v1/rule-sets/${adopted.json<{ id: string }>().id}/publish`, cookie: t.adminCookie });
    expect(published.statusCode, published.body).toBe(200);
  });
  afterAll(async () => t?.close());

  it('speaks Indonesian by default, English by ?lang=en (remembered in jb_lang), by Accept-Language or by the cookie', async () => {
    const id = await page('/zona');
    expect(id.statusCode).toBe(200);
    expect(id.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(id.body).toContain('<html lang="id">');
    expect(id.body).toContain(`<h1>${text('id', 'policies.public.title')}</h1>`);
    expect(id.body).toContain('data-testid="page-public-zones"');
    expect(part(id.body, 'open-data-link')).toContain('href="/open-data?lang=id"');
    expect(part(id.body, 'staff-login-link')).toContain('href="/login"');
    expect(part(id.body, 'lang-switch')).toContain('href="/zona?lang=en"');
    expect(plain(part(id.body, 'public-zones-submit'))).toBe('Tampilkan');
    // The language shown is remembered, so a link into the web app (log-in) opens in it.
    expect(String(id.headers['set-cookie'])).toMatch(/^jb_lang=id;/);

    const chosen = await page('/zona?lang=en');
    expect(chosen.body).toContain('<html lang="en">');
    expect(chosen.body).toContain(`<h1>${text('en', 'policies.public.title')}</h1>`);
    expect(plain(part(chosen.body, 'public-zones-submit'))).toBe('Show');
    expect(String(chosen.headers['set-cookie'])).toMatch(/^jb_lang=en;/);
    // The choice travels with the form and the map's links.
    expect(chosen.body).toContain('<input type="hidden" name="lang" value="en">');
    expect(chosen.body).toMatch(/<a href="\/zona\?desa=[0-9.]+&amp;sector=trade&amp;lang=en"/);
    expect(part(chosen.body, 'lang-switch')).toContain('href="/zona?lang=id"');

    const header = await page('/zona', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(header.body).toContain('<html lang="en">');
    expect(String(header.headers['set-cookie'])).toMatch(/^jb_lang=en;/);
    const cookie = await page('/zona', { cookie: 'jb_lang=en', 'accept-language': 'id' });
    expect(cookie.body).toContain('<html lang="en">');
    // Already remembered: nothing set again.
    expect(cookie.headers['set-cookie']).toBeUndefined();
    expect(header.headers.vary).toContain('accept-language');
  });

  it('draws the 43 desa as links in their zone colour, with no script and a CSP that allows none', async () => {
    const zones = (await t.request({ method: 'GET', url: '/api/v1/zones' })).json<Zone[]>();
    expect(zones).toHaveLength(43);
    const res = await page('/zona');
    const map = part(res.body, 'zone-map');
    expect(map.match(/<a href="\/zona\?desa=/g)).toHaveLength(43);
    const fill: Record<string, string> = { green: '#2e9e5b', yellow: '#f2c94c', orange: '#f2994a', red: '#d64545' };
    for (const zone of zones) {
      const path = new RegExp(`<a href="/zona\\?desa=${zone.regionCode.replace(/\./g, '\\.')}&amp;sector=trade"><title>([^<]*)</title><path d="M[^"]+" class="zone-polygon" data-code="${zone.regionCode}" data-colour="${zone.colour}" fill="${fill[zone.colour]}"`);
      const found = path.exec(map);
      expect(found, zone.regionCode).not.toBeNull();
      expect(plain(found![1]!)).toBe(`${zone.name}: ${text('id', `policies.colours.${zone.colour as 'green'}`)} · ${zone.activeCases} kasus aktif`);
    }
    expect(new Set(zones.map((z) => z.colour))).toEqual(new Set(['green', 'yellow', 'orange', 'red']));
    expect(map).toContain(text('id', 'regions.boundaryAttribution'));
    // The legend with the thresholds in force.
    expect(res.body).toContain(text('id', 'policies.public.thresholds', { yellow: 3, orangeMinus: 10, orange: 11, redMinus: 40, red: 41 }));

    expect(res.body).not.toMatch(/<script/i);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
  });

  it('shows the chosen desa’s zone and the rules GET /api/v1/rules/in-force gives for the same choice', async () => {
    for (const lang of ['id', 'en'] as const) {
      const res = await page(`/zona?desa=${PEDUNGAN}&sector=trade&type=restaurant&lang=${lang}`);
      expect(res.statusCode, res.body).toBe(200);
      const api = (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${PEDUNGAN}&sector=trade&venueType=restaurant` })).json<InForce>();
      expect(api.restricted).toBe(true);

      const summary = plain(part(res.body, 'zone-summary'));
      expect(summary).toContain('Pedungan');
      expect(summary).toContain(text(lang, 'policies.colours.orange'));
      expect(summary).toContain(text(lang, 'policies.public.activeCases', { count: 12 }));
      expect(part(res.body, 'public-desa')).toContain(`<option value="${PEDUNGAN}" selected>`);
      expect(part(res.body, 'public-type')).toContain('<option value="restaurant" selected>');
      expect(res.body).toMatch(new RegExp(`class="zone-polygon is-selected" data-code="${PEDUNGAN}"`));

      const card = plain(part(res.body, 'rules-in-force'));
      expect(plain(part(res.body, 'rules-verdict'))).toBe(text(lang, api.open ? 'policies.rules.openNow' : 'policies.rules.closedNow'));
      expect(card).toContain(text(lang, 'policies.rules.localTime', { time: api.localTime, zone: 'WITA' }));
      expect(card).toContain(text(lang, 'policies.rules.capacityValue', { value: api.capacityPercent }));
      const sources = plain(part(res.body, 'rules-sources'));
      for (const s of api.sources) expect(sources).toContain(s.legalBasis);
      expect(api.sources.length).toBeGreaterThan(0);
    }
  });

  it('says when the sector closed for the night reopens, as the API does', async () => {
    const evening = Date.parse('2026-11-29T23:30:00+08:00');
    const morning = t.clock.now();
    t.clock.set(evening);
    try {
      const res = await page(`/zona?desa=${SERANGAN}&sector=trade`);
      const api = (await t.request({ method: 'GET', url: `/api/v1/rules/in-force?region=${SERANGAN}&sector=trade` })).json<InForce & { open: boolean }>();
      expect(api.open).toBe(false);
      expect(plain(part(res.body, 'rules-verdict'))).toBe(text('id', 'policies.rules.closedNow'));
      expect(plain(part(res.body, 'rules-reopens'))).toBe(text('id', 'opening.reopensTomorrowOwnHours'));
    } finally {
      t.clock.set(morning);
    }
  });

  it('drops a venue type of another sector (the form has no script to refresh its list) instead of failing', async () => {
    const res = await page(`/zona?desa=${PEDUNGAN}&sector=health&type=restaurant`);
    expect(res.statusCode).toBe(200);
    expect(part(res.body, 'public-type')).toContain('<option value="" selected>');
    expect(part(res.body, 'public-type')).not.toContain('restaurant');
    expect(part(res.body, 'public-sector')).toContain('<option value="health" selected>');
    expect(part(res.body, 'rules-verdict')).not.toBe('');
  });

  it('answers an unknown desa, sector or venue type with the page naming the field (400), escaped', async () => {
    for (const [query, field] of [
      ['desa=51.71.09.9999', 'desa'],
      [`desa=${PEDUNGAN}&sector=casino`, 'sector'],
      [`desa=${PEDUNGAN}&type=spaceport`, 'type'],
      ['desa=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'desa'],
    ] as const) {
      const res = await page(`/zona?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const alert = part(res.body, 'public-zones-invalid');
      expect(alert, query).toContain(`data-field="${field}"`);
      expect(part(res.body, `public-${field}`)).toContain('aria-invalid="true"');
      expect(res.body).not.toMatch(/<script/i);
      expect(part(res.body, 'rules-in-force')).toBe('');
    }
    const en = await page('/zona?sector=casino&lang=en');
    expect(plain(part(en.body, 'public-zones-invalid'))).toBe('Unknown sector "casino". Choose one from the list.');
  });

  it('escapes the names of the regions', async () => {
    // A database whose desa is named with markup, before the app reads (and caches) the names.
    const evil = '<script>alert("x")</script> & Co';
    const database = await createTestDatabase(dialect);
    await database.db.updateTable('regions').set({ name: evil }).where('code', '=', SERANGAN).execute();
    const other = await createTestApp(dialect, {}, { database });
    try {
      const res = await other.request({ method: 'GET', url: `/zona?desa=${SERANGAN}`, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/<script/i);
      expect(res.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(plain(part(res.body, 'zone-summary'))).toContain(evil);
      expect(plain(part(res.body, 'public-desa'))).toContain(evil);
      expect(part(res.body, 'zone-map')).toContain('<title>&lt;script&gt;');
    } finally {
      await other.close();
    }
  });
});
