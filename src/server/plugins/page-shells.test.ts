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
    // The venue pages are drawn whole by the server (modules/venues/public-venue-pages.ts).
    expect(shellOf('/tempat')).toBeNull();
    expect(pageShells('<html><body><main></main></body></html>', { cityName: 'X', timeZoneLabel: 'WITA' })('/zona')).toBeNull();
  });
  it('/lapor-diri carries its card, title and introduction, no test ids, no form', () => {
    const arrivals = shellOf('/lapor-diri')!;
    expect(arrivals).toContain('<h2 class="login-title">Lapor diri pendatang</h2>');
    expect(arrivals).toContain('<title>Lapor diri pendatang · Jaga Baya</title>');
    for (const html of [arrivals]) {
      expect(html).not.toContain('data-testid');
      expect(html).not.toContain('<form');
      expect(html).not.toContain('<button');
      expect(html).not.toContain('{{');
    }
  });
});
