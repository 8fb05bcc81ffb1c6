import { expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { describeEachDatabase } from '../databases.js';
import { useDatabaseAtVersion } from './database-at-version.js';

const T0 = Date.parse('2026-11-29T02:00:00Z');
const KEY = Buffer.alloc(32, 5);

/** Inserts a row with the given values and a placeholder in every other NOT NULL column (the test names what matters). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration
async function insertRow(db: Kysely<any>, table: string, values: Record<string, unknown>): Promise<void> {
  const meta = (await db.introspection.getTables()).find((x) => x.name === table);
  if (!meta) throw new Error(`no table ${table}`);
  const row: Record<string, unknown> = { ...values };
  for (const column of meta.columns) {
    if (column.name in row || column.isNullable || column.hasDefaultValue) continue;
    row[column.name] = /int|numeric|real|double/i.test(column.dataType) ? 0 : 'x';
  }
  await db.insertInto(table).values(row).execute();
}

// Migration 2026-12-03-06 gives the outbox a region: existing messages get the region of the event their dedupe key
// names (a contact's SMS: the case's residence; a venue notice: the notice's region), the others stay city-level.
describeEachDatabase('migration 2026-12-03-06 (outbox regions)', (dialect) => {
  const atVersion = useDatabaseAtVersion();

  it('backfills the region of contact SMS and venue notices from their events, and leaves the rest city-level', async () => {
    const handle = await atVersion(dialect, '2026-12-03-02-checkin-bound-to-device', KEY);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration
    const db = handle.db as unknown as Kysely<any>;
    await insertRow(db, 'cases', { id: 'case-1', residence_code: '51.71.01.1001', created_at: T0, updated_at: T0 });
    await insertRow(db, 'contacts', { id: 'contact-1', case_id: 'case-1', follow_up_region_code: '51.71.02.1003', created_at: T0, updated_at: T0 });
    await insertRow(db, 'venues', { id: 'venue-1', venue_number: 1, name: 'Warung', region_code: '51.71.02.1006', lat: -8.65, lon: 115.22, capacity: 20, indoor: 1, status: 'verified', created_at: T0, updated_at: T0 });
    await insertRow(db, 'venue_notices', { id: 'notice-1', venue_id: 'venue-1', case_id: 'case-1', region_code: '51.71.02.1006', date: '2026-11-29', from_at: T0, until_at: T0, created_at: T0 });
    const message = (id: string, dedupeKey: string) =>
      insertRow(db, 'notifications', { id, channel: 'sms', dedupe_key: dedupeKey, recipient_enc: 'x', body_enc: 'x', lang: 'id', status: 'failed', attempts: 8, next_attempt_at: T0, created_at: T0, updated_at: T0 });
    await message('n-contact', 'contact:contact-1');
    await message('n-notice', 'venue-notice:notice-1:user-9');
    await message('n-signup', 'signup-confirm:abc');
    await message('n-orphan', 'contact:gone');

    await migrateToLatest(handle.db, KEY);
    const rows = await handle.db.selectFrom('notifications').select(['id', 'region_code']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'n-contact', region_code: '51.71.01.1001' },
      { id: 'n-notice', region_code: '51.71.02.1006' },
      { id: 'n-orphan', region_code: null },
      { id: 'n-signup', region_code: null },
    ]);
  });
});
