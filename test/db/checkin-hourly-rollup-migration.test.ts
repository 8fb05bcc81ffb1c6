import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { describeEachDatabase } from '../databases.js';
import { useDatabaseAtVersion } from './database-at-version.js';

const KEY = Buffer.alloc(32, 5);
// Instants either side of a local midnight and of a full hour (WITA = UTC+8); one at a banjar, counted in its desa.
const at = (iso: string) => Date.parse(iso);

// Migration 2026-12-07-40 backfills the hour-of-day roll-up (issue #17) from the visits already held.
describeEachDatabase('migration 2026-12-07-40 (hourly check-in roll-up backfilled)', (dialect) => {
  const atVersion = useDatabaseAtVersion();

  it('counts the visits per desa, local day and local hour', async () => {
    const handle = await atVersion(dialect, '2026-12-06-10-weekly-report-subscriptions', KEY);
    const db = handle.db;
    const T = at('2026-11-28T15:30:00Z');
    await db.insertInto('venues').values({
      id: 'venue-1', venue_number: 1, name: 'Warung', sector: 'trade', venue_type: 'warung', region_code: '51.71.01.1001',
      address: 'Jl. Tukad Punggawa 1', lat: -8.73, lon: 115.23, capacity: 20, indoor: 1, status: 'verified', created_at: T, updated_at: T,
    } as never).execute();
    const visit = (id: string, tIn: number, region = '51.71.01.1001') => ({
      id, venue_id: 'venue-1', person_key: 'pk', person_enc: 'x', name_enc: null, phone_enc: null, secret_hash: null, t_in: tIn, t_out: null, out_kind: null,
      estimated: 0, source: 'qr', entered_by: null, region_code: region, created_at: tIn,
    });
    await db.insertInto('visits').values([
      visit('v1', at('2026-11-28T15:30:00Z')),
      visit('v2', at('2026-11-28T15:59:00Z')),
      visit('v3', at('2026-11-28T16:30:00Z')),
      visit('v4', at('2026-11-29T01:00:00Z'), '51.71.01.1001.03'),
      visit('v5', at('2026-11-29T01:59:59Z')),
    ]).execute();

    await migrateToLatest(db, KEY);

    const rows = await db.selectFrom('checkin_hourly_desa').selectAll().orderBy('day').orderBy('hour').execute();
    expect(rows.map((r) => [r.region_code, r.day, Number(r.hour), Number(r.checkins)])).toEqual([
      ['51.71.01.1001', '2026-11-28', 23, 2],
      ['51.71.01.1001', '2026-11-29', 0, 1],
      ['51.71.01.1001', '2026-11-29', 9, 2],
    ]);
  });
});
