import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { isLoopbackHost } from '../../shared/net.js';
import { smtpOptions } from './notifications.channels.js';

// Issue #14 (17): phone numbers and messages never cross a network in clear text; a relay on this machine may.
describe('TLS for the notification channels', () => {
  const base = { JAGABAYA_VAR_DIR: mkdtempSync(path.join(tmpdir(), 'jb-tls-')), SECRET_KEY: 'a'.repeat(64) };

  it('tells loopback hosts from others', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]', '::1', 'relay.localhost']) expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    for (const host of ['mail.example', '10.0.0.5', '192.168.1.2', '128.0.0.1', '[2001:db8::1]', 'localhost.example']) expect([host, isLoopbackHost(host)]).toEqual([host, false]);
  });

  it('refuses a plain-http SMS gateway except on this machine', () => {
    expect(() => loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'http://sms.example/send' })).toThrow('NOTIFY_WEBHOOK_URL must use https://');
    expect(() => loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'http://10.1.2.3:8080/send' })).toThrow('NOTIFY_WEBHOOK_URL must use https://');
    expect(loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9000/send' }).notifications.webhook?.url).toBe('http://127.0.0.1:9000/send');
    expect(loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'https://sms.example/send' }).notifications.webhook?.url).toBe('https://sms.example/send');
  });

  it('requires STARTTLS from a remote SMTP server, not from a local relay', () => {
    const smtp = (url: string) => smtpOptions({ url, from: 'noreply@example.org', timeoutMs: 1_000 });
    expect(smtp('smtp://user:pass@mail.example:587')).toMatchObject({ secure: false, requireTLS: true });
    expect(smtp('smtps://user:pass@mail.example')).toMatchObject({ secure: true, requireTLS: false, port: 465 });
    expect(smtp('smtp://127.0.0.1:2525')).toMatchObject({ secure: false, requireTLS: false });
  });
});
