import { describe, expect, it } from 'vitest';
import { pageShells } from './page-shells.js';

const INDEX = '<!doctype html><html lang="id"><head><title>Jaga Baya</title><link rel="stylesheet" href="/assets/index.css">\n<link rel="modulepreload" crossorigin href="/assets/boot.js"></head><body><div id="root"></div><script type="module" src="/assets/index.js"></script></body></html>';

describe('the first HTML of the login page', () => {
  const shellOf = pageShells(INDEX, { cityName: 'Kota <Denpasar>', timeZoneLabel: 'WITA' });
  it('carries the card without its form, the city escaped; scripts and stylesheet kept, no modulepreload', () => {
    const html = shellOf('/login')!;
    expect(html).toContain('<p class="login-city">Kota &lt;Denpasar&gt;</p>');
    expect(html).toContain('<h1 class="brand-name"><svg class="logo"');
    expect(html).toContain('<title>Masuk · Jaga Baya</title>');
    expect(html).toContain('<a href="/zona">');
    expect(html).not.toContain('<form');
    expect(html).not.toContain('data-testid');
    expect(html).not.toContain('{{');
    expect(html).not.toContain('modulepreload');
    expect(html).toContain('<script type="module" src="/assets/index.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/assets/index.css">');
    expect(shellOf('/login/')).toBe(html);
  });
  it('other paths and an index without #root get nothing: the public pages are drawn whole by the server', () => {
    for (const path of ['/home', '/zona', '/tempat', '/tempat/01a24146-882f-728c-bebb-c3a53edc82b4', '/lapor-diri', '/login/x']) expect(shellOf(path), path).toBeNull();
    expect(pageShells('<html><body><main></main></body></html>', { cityName: 'X', timeZoneLabel: 'WITA' })('/login')).toBeNull();
  });
});
