import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/kysely.js';
import { enqueueNotification } from '../../src/server/modules/notifications/notifications.outbox.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { testDialects } from '../databases.js';
import { startGateway } from '../notify-servers.js';
import { createScratchDatabase } from '../postgres.js';
import { spawnServer, TEST_SECRET_KEY_HEX } from './spawn-server.js';

describe('the server process delivers the outbox', () => {
  it.each(testDialects())('on %s: a message committed by anyone is sent to the gateway by the in-process worker within seconds', async (dialect) => {
    const varDir = mkdtempSync(path.join(tmpdir(), 'jb-notify-main-'));
    const scratch = dialect === 'postgres' ? await createScratchDatabase() : null;
    const databaseUrl = scratch?.url ?? `sqlite:${path.join(varDir, 'db.sqlite')}`;
    const gateway = await startGateway();
    const server = await spawnServer({
      JAGABAYA_VAR_DIR: varDir,
      DATABASE_URL: databaseUrl,
      NOTIFY_WEBHOOK_URL: gateway.url,
      NOTIFY_WEBHOOK_AUTH_HEADER: 'X-Api-Key: k-123',
      ADMIN_USERNAME: '',
      ADMIN_PASSWORD: '',
    });
    expect(server.output()).toContain(`SMS/WhatsApp: gateway ${new URL(gateway.url).host}`);
    expect(server.output()).toContain('E-mail:       NOT CONFIGURED');
    const handle = openDatabase(scratch ? { dialect: 'postgres', url: scratch.url } : { dialect: 'sqlite', file: databaseUrl.slice(7) });
    try {
      const { id } = await enqueueNotification(handle.db, systemClock, { channel: 'sms', recipient: '081234567890', body: 'Jaga Baya: tes proses', dedupeKey: 'process-1' }, Buffer.from(TEST_SECRET_KEY_HEX, 'hex'));
      const deadline = Date.now() + 15_000;
      while (gateway.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(gateway.requests.map((q) => q.json)).toEqual([{ to: '+6281234567890', body: 'Jaga Baya: tes proses', id }]);
      expect(gateway.requests[0]!.headers['x-api-key']).toBe('k-123');
      let status = '';
      while (status !== 'sent' && Date.now() < deadline) {
        status = (await handle.db.selectFrom('notifications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe('sent');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      await handle.close();
      await new Promise((resolve) => setTimeout(resolve, 300)); // pg closes pooled connections asynchronously
      await gateway.close();
      await scratch?.drop();
    }
  }, 60_000);
});
