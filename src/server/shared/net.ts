import { isIP } from 'node:net';

/**
 * Whether a URL's host name is this machine's loopback (localhost, 127.0.0.0/8, ::1): traffic to it never leaves the
 * machine, so a local mail relay or SMS gateway may speak plain text there, and nowhere else.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
