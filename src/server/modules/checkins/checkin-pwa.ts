import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/*
 * The check-in page as an installable web app that works without signal (issue #16): a web manifest, two icons drawn
 * here (no binary files in the repository) and a service worker scoped to /c/. The worker keeps the offline page
 * (GET /c/offline, in both languages), the check-in script and the icons; when a poster's address cannot be fetched
 * it answers with the offline page, whose script keeps the check-in on the phone and sends it when the network
 * returns (POST /api/v1/checkins/offline). Poster pages themselves are never cached: they carry live occupancy.
 */

export const PWA_THEME = '#0f5f58';
const ACCENT = [0xe0, 0xa5, 0x26];
const TEAL = [0x0f, 0x5f, 0x58];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A square icon: teal, a white check mark in a circle, a yellow band below (the page's header colours). Maskable. */
export function iconPng(size: number): Buffer {
  const rows: Buffer[] = [];
  const c = size / 2;
  const r = size * 0.3;
  const stroke = size * 0.055;
  // The check mark's two strokes, in units of the size.
  const segs = [
    [0.36, 0.5, 0.46, 0.6],
    [0.46, 0.6, 0.65, 0.4],
  ].map((s) => s.map((v) => v * size));
  const distToSeg = (x: number, y: number, [x1, y1, x2, y2]: number[]) => {
    const dx = x2! - x1!;
    const dy = y2! - y1!;
    const t = Math.max(0, Math.min(1, ((x - x1!) * dx + (y - y1!) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x1! + t * dx), y - (y1! + t * dy));
  };
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      let px = TEAL;
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      if (d <= r) px = [255, 255, 255];
      if (segs.some((s) => distToSeg(x + 0.5, y + 0.5, s) <= stroke)) px = TEAL;
      if (y >= size * 0.84 && y < size * 0.88) px = ACCENT;
      row.set(px, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export function manifest(name: string, shortName: string, lang: string, assetPrefix: string): string {
  return JSON.stringify({
    name,
    short_name: shortName,
    lang,
    start_url: `/c/offline?lang=${lang}`,
    scope: '/c/',
    display: 'standalone',
    background_color: '#eef3f2',
    theme_color: PWA_THEME,
    icons: [
      { src: `${assetPrefix}icon-192.png`, sizes: '192x192', type: 'image/png', purpose: 'any maskable' },
      { src: `${assetPrefix}icon-512.png`, sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
    ],
  });
}

/**
 * The worker. Navigations under /c/: network first, the cached offline page (in the language asked, else the
 * worker's) when the network fails. The script and icons: cache first (their names change with their content). The
 * API: never touched. A new version (the script's hash) replaces the old cache on activation.
 */
export function serviceWorker(files: readonly string[], lang: string): string {
  const version = createHash('sha256').update(files.join('|')).digest('hex').slice(0, 12);
  return `'use strict';
var CACHE='jb-checkin-${version}',LANG=${JSON.stringify(lang)},FILES=${JSON.stringify(files)};
self.addEventListener('install',function(e){e.waitUntil(caches.open(CACHE).then(function(c){return c.addAll(FILES.concat(['/c/offline?lang=id','/c/offline?lang=en']));}).then(function(){return self.skipWaiting();}));});
self.addEventListener('activate',function(e){e.waitUntil(caches.keys().then(function(ks){return Promise.all(ks.filter(function(k){return k.indexOf('jb-checkin-')===0&&k!==CACHE;}).map(function(k){return caches.delete(k);}));}).then(function(){return self.clients.claim();}));});
self.addEventListener('fetch',function(e){var r=e.request;if(r.method!=='GET')return;var u=new URL(r.url);if(u.origin!==location.origin)return;
if(r.mode==='navigate'&&u.pathname.indexOf('/c/')===0){e.respondWith(fetch(r).catch(function(){var l=u.searchParams.get('lang');return caches.open(CACHE).then(function(c){return c.match('/c/offline?lang='+(l==='id'||l==='en'?l:LANG));}).then(function(m){return m||Response.error();});}));return;}
if(FILES.indexOf(u.pathname)>=0){e.respondWith(caches.match(r).then(function(m){return m||fetch(r);}));}});
`;
}
