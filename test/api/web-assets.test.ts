import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app-harness.js';

// How the web app's files and the API's text answers travel (issue #17, fast where the public goes): hashed files are
// sent pre-compressed and cached for good, index.html is revalidated, and large JSON answers are compressed.

describe('web assets and compression', () => {
  let t: TestApp;
  let webDir = '';
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

  beforeAll(async () => {
    webDir = mkdtempSync(path.join(tmpdir(), 'jagabaya-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Jaga Baya</title>');
    const file = path.join(webDir, 'assets', 'main-AbC123.js');
    writeFileSync(file, script);
    writeFileSync(`${file}.br`, brotliCompressSync(script));
    writeFileSync(`${file}.gz`, gzipSync(script));
    writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp('sqlite', { webDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends a hashed file pre-compressed in the encoding the browser prefers, cached as immutable', async () => {
    const br = await t.app.inject({ method: 'GET', url: '/assets/main-AbC123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await t.app.inject({ method: 'GET', url: '/assets/main-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
    const plain = await t.app.inject({ method: 'GET', url: '/assets/main-AbC123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('revalidates the page itself and files outside assets/, whose names do not change', async () => {
    // A page of the single-page app (the public pages the server draws are answered by their own routes).
    const page = await t.app.inject({ method: 'GET', url: '/regions', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const icon = await t.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('compresses a large JSON answer and leaves a small one alone', async () => {
    const big = await t.app.inject({ method: 'GET', url: '/api/v1/regions/geojson?level=village', headers: { 'accept-encoding': 'br' } });
    expect(big.statusCode).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    const geojson = JSON.parse(brotliDecompressSync(big.rawPayload).toString()) as { features: unknown[] };
    expect(geojson.features.length).toBe(43);
    expect(big.rawPayload.length).toBeLessThan(brotliDecompressSync(big.rawPayload).length / 3);
    const small = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
