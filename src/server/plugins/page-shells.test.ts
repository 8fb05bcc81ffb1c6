import { describe, expect, it } from 'vitest';
import { pageShells } from './page-shells.js';

const INDEX = '<!doctype html><html lang="id"><head><title>Jaga Baya</title><link rel="stylesheet" href="/assets/index.css">\n<link rel="modulepreload" crossorigin href="/assets/boot.js"></head><body><div id="root"></div><script type="module" src="/assets/index.js"></script></body></html>';

describe('the first HTML of the public pages', () => {
  const shellOf = pageShells(INDEX, { cityName: 'Kota <Denpasar>', timeZoneLabel: 'WITA' });
  it('/zona carries its header, title and introduction with the city filled in and escaped; scripts and stylesheet kept', () => {
    const html = shellOf('/zona')!;
    expect(html).toContain('<h1>Zona dan aturan yang berlaku</h1>');
    expect(html).toContain('<p class="page-intro">Warna zona setiap desa/kelurahan di Kota &lt;Denpasar&gt;');
    expect(html).not.toContain('{{');
    expect(html).toContain('<title>Zona dan aturan yang berlaku · Jaga Baya</title>');
    expect(html).toContain('<script type="module" src="/assets/index.js"></script>');
    expect(html).not.toContain('data-testid');
    expect(html).not.toContain('modulepreload');
    expect(html).toContain('<link rel="stylesheet" href="/assets/index.css">');
    expect(shellOf('/zona/')).toBe(html);
  });
  it('/login carries the card without its form; other paths and an index without #root get nothing', () => {
    expect(shellOf('/login')).toContain('<p class="login-city">Kota &lt;Denpasar&gt;</p>');
    expect(shellOf('/login')).not.toContain('<form');
    expect(shellOf('/home')).toBeNull();
    expect(shellOf('/zona/x')).toBeNull();
    expect(shellOf('/tempat/a/b')).toBeNull();
    expect(pageShells('<html><body><main></main></body></html>', { cityName: 'X', timeZoneLabel: 'WITA' })('/zona')).toBeNull();
  });
  it('/tempat, a venue page and /lapor-diri carry their frame, title and introduction, no test ids, no form', () => {
    const list = shellOf('/tempat')!;
    expect(list).toContain('<h1>Tempat usaha dan layanan terverifikasi</h1><p class="page-intro">Cari tempat usaha');
    expect(list).toContain('<a href="/login" class="btn btn--ghost">Masuk</a>');
    const venue = shellOf('/tempat/01a24146-882f-728c-bebb-c3a53edc82b4')!;
    expect(venue).toContain('<p class="page-intro">Warna zona hari ini untuk desa/kelurahan tempat ini');
    expect(venue).toContain('<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/v1/public/venues/01a24146-882f-728c-bebb-c3a53edc82b4"></head>');
    // Not a venue id: the same frame, nothing asked of the API.
    expect(shellOf('/tempat/another-id/')).toBe(venue.replace(/<link rel="preload"[^>]*>/, ''));
    const arrivals = shellOf('/lapor-diri')!;
    expect(arrivals).toContain('<h2 class="login-title">Lapor diri pendatang</h2>');
    expect(arrivals).toContain('<title>Lapor diri pendatang · Jaga Baya</title>');
    for (const html of [list, venue, arrivals]) {
      expect(html).not.toContain('data-testid');
      expect(html).not.toContain('<form');
      expect(html).not.toContain('<button');
      expect(html).not.toContain('{{');
    }
  });
});
