import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { describeEachDatabase } from '../databases.js';
import { useDatabaseAtVersion } from './database-at-version.js';

const KEY = Buffer.alloc(32, 5);
// 2026-11-28 23:30 WITA and 2026-11-29 00:30 WITA: either side of a local midnight.
const LATE = Date.parse('2026-11-28T15:30:00Z');
const EARLY = Date.parse('2026-11-28T16:30:00Z');

// Migration 2026-12-06-01 backfills the daily roll-ups (issue #17) from the records already held.
describeEachDatabase('migration 2026-12-06-01 (daily roll-ups backfilled)', (dialect) => {
  const atVersion = useDatabaseAtVersion();

  it('counts the visits by local day, confirmed cases not discarded and violations not annulled, per desa', async () => {
    const handle = await atVersion(dialect, '2026-12-05-20-staff-notifications', KEY);
    const db = handle.db;
    await db.insertInto('venues').values({
      id: 'venue-1', venue_number: 1, name: 'Warung', sector: 'trade', venue_type: 'warung', region_code: '51.71.01.1001',
      address: 'Jl. Tukad Punggawa 1', lat: -8.73, lon: 115.23, capacity: 20, indoor: 1, status: 'verified', created_at: LATE, updated_at: LATE,
    } as never).execute();
    const visit = (id: string, tIn: number, region = '51.71.01.1001') => ({
      id, venue_id: 'venue-1', person_key: 'pk', person_enc: 'x', name_enc: null, phone_enc: null, secret_hash: null, t_in: tIn, t_out: null, out_kind: null,
      estimated: 0, source: 'qr', entered_by: null, region_code: region, created_at: tIn,
    });
    await db.insertInto('visits').values([visit('v1', LATE), visit('v2', LATE + 60_000), visit('v3', EARLY)]).execute();
    const kase = (id: string, residence: string, episode: string, confirmed: boolean, category: string) => ({
      id, person_key: 'pk', name_enc: 'x', phone_enc: 'x', nik_enc: null, nik_key: null, residence_code: residence, banjar_code: null, category, onset_date: episode,
      specimen_date: null, isolation_start: null, isolation_place: null, isolation_end: null, episode_date: episode, region_code: residence, source_case_id: null,
      confirmed_at: confirmed ? LATE : null, language: 'id', created_by: null, created_at: LATE, updated_at: LATE,
    });
    await db.insertInto('cases').values([
      kase('c1', '51.71.01.1002', '2026-11-20', true, 'konfirmasi_simptomatik'),
      kase('c2', '51.71.01.1002', '2026-11-20', true, 'discarded'),
      kase('c3', '51.71.01.1002', '2026-11-20', false, 'suspek'),
    ] as never).execute();
    const ladder = (await db.selectFrom('sanction_ladders').select('id').executeTakeFirstOrThrow()).id;
    const violation = (id: string, status: string) => ({
      id, offence: 'no_mask', family: 'mask', subject_kind: 'person', venue_id: null, person_key: 'pk', nik_enc: null, name_enc: null, phone_enc: null,
      region_code: '51.71.01.1001', desa_adat_code: null, lat: null, lon: null, occurred_at: LATE, local_date: '2026-11-28', team: null, note: null, ladder_id: ladder,
      proposed: '{}', prior_count: 0, client_key: null, status, annul_reason: null, annulled_by: null, annulled_at: null, recorded_by: 'u', created_at: LATE,
    });
    await db.insertInto('violations').values([violation('x1', 'recorded'), violation('x2', 'annulled')] as never).execute();

    await migrateToLatest(db, KEY);

    const venueDays = await db.selectFrom('checkin_daily_venue').selectAll().orderBy('day').execute();
    expect(venueDays.map((r) => ({ ...r, checkins: Number(r.checkins) }))).toEqual([
      { venue_id: 'venue-1', day: '2026-11-28', region_code: '51.71.01.1001', checkins: 2 },
      { venue_id: 'venue-1', day: '2026-11-29', region_code: '51.71.01.1001', checkins: 1 },
    ]);
    const desaDays = await db.selectFrom('checkin_daily_desa').selectAll().orderBy('day').execute();
    expect(desaDays.map((r) => [r.region_code, r.day, Number(r.checkins)])).toEqual([['51.71.01.1001', '2026-11-28', 2], ['51.71.01.1001', '2026-11-29', 1]]);
    const cases = await db.selectFrom('case_daily_desa').selectAll().execute();
    expect(cases.map((r) => [r.region_code, r.day, Number(r.new_cases)])).toEqual([['51.71.01.1002', '2026-11-20', 1]]);
    const violations = await db.selectFrom('violation_daily_desa').selectAll().execute();
    expect(violations.map((r) => [r.region_code, r.day, Number(r.violations)])).toEqual([['51.71.01.1001', '2026-11-28', 1]]);
  });
});
