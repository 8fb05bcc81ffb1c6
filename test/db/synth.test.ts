import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/server/db/kysely.js';
import { routineVisitsPerDay, runSynth } from '../../src/server/modules/synth/index.js';
import { openVisitPerson, visitKeys } from '../../src/server/modules/checkins/visit-person.js';
import { tracingKeys } from '../../src/server/modules/tracing/tracing.keys.js';
import { contactKeys, openContact } from '../../src/server/modules/venues/venue-contact.js';
import { decryptText } from '../../src/server/shared/crypto.js';
import { addDaysToDate, localDate } from '../../src/server/shared/local-time.js';
import { createTestDatabase, TEST_SECRET_KEY, testDialects, type TestDatabase } from '../databases.js';

/**
 * The synthetic city (`npm run cli -- synth`): the same seed gives the same rows on an empty database (ciphertexts
 * differ, their nonces are fresh as the product's; what they open to is the same), on both databases; a different seed
 * gives other rows; personal data is never stored in clear; routines give realistic times.
 */
const OPTIONS = { visits: 3000, days: 7, endDate: '2026-12-03', venues: 400, timeZone: 'Asia/Makassar', secretKey: TEST_SECRET_KEY };

async function snapshot(db: TestDatabase) {
  const visits = await db.db.selectFrom('visits').selectAll().orderBy('id').execute();
  const venues = await db.db.selectFrom('venues').selectAll().orderBy('id').execute();
  const cases = await db.db.selectFrom('cases').selectAll().orderBy('id').execute();
  const vk = visitKeys(TEST_SECRET_KEY);
  const ck = contactKeys(TEST_SECRET_KEY);
  const tk = tracingKeys(TEST_SECRET_KEY);
  return {
    visits: visits.map(({ person_enc, ...rest }) => ({ ...rest, t_in: Number(rest.t_in), t_out: Number(rest.t_out), person: openVisitPerson(vk.dataKey, { person_enc, name_enc: null, phone_enc: null }) })),
    venues: venues.map(({ contact_phone_enc, ...rest }) => ({ ...rest, lat: Number(rest.lat), lon: Number(rest.lon), phone: openContact(ck, contact_phone_enc) })),
    cases: cases.map(({ name_enc, phone_enc, ...rest }) => ({ ...rest, name: decryptText(tk.dataKey, name_enc), phone: decryptText(tk.dataKey, phone_enc) })),
    sealed: { visit: visits[0]!.person_enc!, venue: venues[0]!.contact_phone_enc! },
  };
}

describe.each(testDialects())('the synthetic city [%s]', (dialect: Dialect) => {
  const open: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of open) await db.close();
  });
  const fresh = async () => {
    const db = await createTestDatabase(dialect);
    open.push(db);
    return db;
  };

  it('writes the same rows from the same seed, other rows from another, personal data sealed', async () => {
    const [a, b, c] = [await fresh(), await fresh(), await fresh()];
    // Several batches written at once on a (PostgreSQL; SQLite writes one at a time), one writer on b.
    const first = await runSynth(a, { ...OPTIONS, seed: 42, batchSize: 250, writers: 3 });
    expect(first).toMatchObject({ visits: 3000, venues: 400 });
    expect(first.cases).toBeGreaterThanOrEqual(3);
    // The routine's visits per resident and day are what routineVisitsPerDay says (≈ 1.54; sampling noise ≈ 1 %).
    expect(first.visits / (first.activeResidents * OPTIONS.days)).toBeCloseTo(routineVisitsPerDay(), 1);
    await runSynth(b, { ...OPTIONS, seed: 42, writers: 1 });
    await runSynth(c, { ...OPTIONS, seed: 43 });
    const [sa, sb, sc] = [await snapshot(a), await snapshot(b), await snapshot(c)];
    expect(sa.visits).toHaveLength(3000);
    expect(sb.visits).toEqual(sa.visits);
    expect(sb.venues).toEqual(sa.venues);
    expect(sb.cases).toEqual(sa.cases);
    expect(sc.visits.map((v) => v.id)).not.toEqual(sa.visits.map((v) => v.id));
    // Sealed as the product seals: AES-GCM with a fresh nonce, no phone in clear anywhere in the row.
    expect(sb.sealed.visit).not.toBe(sa.sealed.visit);
    expect(sa.sealed.visit).toMatch(/^v1\./);
    expect(JSON.stringify(await a.db.selectFrom('visits').selectAll().limit(50).execute())).not.toMatch(/\+62/);
    expect(sa.visits[0]!.person.phone).toMatch(/^\+62812\d{8}$/);
  });

  it('gives visits realistic times: inside the window, morning and evening peaks, stays of minutes to a working day', async () => {
    const db = open[0]!;
    const { visits } = await snapshot(db);
    const from = Date.parse('2026-11-26T16:00:00Z'); // 2026-11-27 00:00 WITA
    const until = Date.parse('2026-12-03T16:00:00Z');
    expect(visits.every((v) => v.t_in >= from && v.t_in < until && v.t_out > v.t_in)).toBe(true);
    const hours = new Array<number>(24).fill(0);
    for (const v of visits) hours[(new Date(v.t_in).getUTCHours() + 8) % 24]!++;
    expect(hours[7]! + hours[8]!).toBeGreaterThan(hours[1]! + hours[2]! + hours[3]! + 50);
    expect(hours[18]! + hours[19]!).toBeGreaterThan(hours[23]! + hours[0]! + 50);
    const stays = visits.map((v) => (v.t_out - v.t_in) / 60_000);
    expect(Math.min(...stays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...stays)).toBeLessThanOrEqual(720);
    // Secondary cases name a source case that exists.
    const { rows } = await sql<{ n: number }>`select count(*) as n from cases c where c.source_case_id is not null and not exists (select 1 from cases s where s.id = c.source_case_id)`.execute(db.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('makes the routine busier, not the population larger, for a target above what every resident gives', async () => {
    const db = await fresh();
    const residents = 300;
    // Twice the routine: ≈ 3 visits per resident who checks in and day.
    const visits = Math.round(residents * 0.91 * OPTIONS.days * 2 * routineVisitsPerDay());
    const result = await runSynth(db, { ...OPTIONS, visits, residents, seed: 42 });
    expect(result.visits).toBe(visits);
    expect(result.activeResidents).toBeLessThanOrEqual(residents);
    expect(result.visits / (result.activeResidents * OPTIONS.days)).toBeGreaterThan(1.8 * routineVisitsPerDay());
    const { visits: rows } = await snapshot(db);
    expect(rows).toHaveLength(visits);
    // Still inside the window, and no outing planned at 22:00 or later: a check-in falls within a minute of its
    // planned time, so none after 22:01 (local time: UTC+8).
    const from = Date.parse('2026-11-26T16:00:00Z');
    const until = Date.parse('2026-12-03T16:00:00Z');
    expect(rows.every((v) => v.t_in >= from && v.t_in < until)).toBe(true);
    const localMinute = (t: number) => (((t / 60_000 + 8 * 60) % 1440) + 1440) % 1440;
    expect(rows.filter((v) => localMinute(v.t_in) > 22 * 60 + 1)).toEqual([]);
  });

  it('leaves the daily roll-ups equal to a recount of what it wrote: check-ins per venue, desa and hour of the day, new cases, venues by band', async () => {
    const db = open[0]!.db;
    /** `${key}|${day}` → count, zeros left out. */
    const tally = (rows: { key: string; day: string; n: number }[]) => {
      const out: Record<string, number> = {};
      for (const r of rows) out[`${r.key}|${r.day}`] = (out[`${r.key}|${r.day}`] ?? 0) + r.n;
      return Object.fromEntries(Object.entries(out).filter(([, n]) => n !== 0));
    };
    const visits = await db.selectFrom('visits').select(['venue_id', 'region_code', 't_in']).execute();
    expect(visits).toHaveLength(3000);
    const byVenue = tally((await db.selectFrom('checkin_daily_venue').selectAll().execute()).map((r) => ({ key: r.venue_id, day: r.day, n: Number(r.checkins) })));
    const byDesa = tally((await db.selectFrom('checkin_daily_desa').selectAll().execute()).map((r) => ({ key: r.region_code, day: r.day, n: Number(r.checkins) })));
    expect(byVenue).toEqual(tally(visits.map((v) => ({ key: v.venue_id, day: localDate(Number(v.t_in), OPTIONS.timeZone), n: 1 }))));
    expect(byDesa).toEqual(tally(visits.map((v) => ({ key: v.region_code, day: localDate(Number(v.t_in), OPTIONS.timeZone), n: 1 }))));
    expect(Object.values(byDesa).reduce((a, b) => a + b, 0)).toBe(3000);
    // The hour-of-day roll-up: per desa, local day and local hour.
    const localHour = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: OPTIONS.timeZone, hour: '2-digit', hourCycle: 'h23' }).format(t);
    const byHour = tally((await db.selectFrom('checkin_hourly_desa').selectAll().execute()).map((r) => ({ key: `${r.region_code}|${String(r.hour).padStart(2, '0')}`, day: r.day, n: Number(r.checkins) })));
    expect(byHour).toEqual(tally(visits.map((v) => ({ key: `${v.region_code.slice(0, 13)}|${localHour(Number(v.t_in))}`, day: localDate(Number(v.t_in), OPTIONS.timeZone), n: 1 }))));

    const cases = await db.selectFrom('cases').select(['residence_code', 'episode_date', 'confirmed_at', 'category']).execute();
    const caseDays = tally((await db.selectFrom('case_daily_desa').selectAll().execute()).map((r) => ({ key: r.region_code, day: r.day, n: Number(r.new_cases) })));
    expect(caseDays).toEqual(tally(cases.filter((c) => c.confirmed_at !== null && c.category !== 'discarded').map((c) => ({ key: c.residence_code, day: c.episode_date, n: 1 }))));
    expect(Object.keys(caseDays).length).toBeGreaterThan(0);

    // Venues by band: every synthetic venue is verified before the window and not scored yet, so grey every day.
    const venues = await db.selectFrom('venues').select('region_code').execute();
    const bands = await db.selectFrom('venue_band_daily_desa').selectAll().execute();
    expect(new Set(bands.map((b) => b.band))).toEqual(new Set(['grey']));
    const expected: { key: string; day: string; n: number }[] = [];
    for (let d = addDaysToDate(OPTIONS.endDate, -(OPTIONS.days - 1)); d <= OPTIONS.endDate; d = addDaysToDate(d, 1)) for (const v of venues) expected.push({ key: v.region_code, day: d, n: 1 });
    expect(tally(bands.map((b) => ({ key: b.region_code, day: b.day, n: Number(b.venues) })))).toEqual(tally(expected));
  });
  it('bulk-loads the same rows from the same seed, then has exactly the index set the migrations give visits', async () => {
    const [bulk, migrated] = [await fresh(), await fresh()];
    const dropped: string[] = [];
    const result = await runSynth(bulk, { ...OPTIONS, seed: 42, bulkLoad: { onDropped: (indexes) => dropped.push(...indexes.map((i) => i.name)) } });
    expect(result).toMatchObject({ visits: 3000, venues: 400 });
    expect(dropped.sort()).toEqual(['visits_open_t_in_idx', 'visits_person_t_in_idx', 'visits_venue_t_in_idx', dialect === 'postgres' ? 'visits_client_key_t_in_key' : 'visits_client_key_idx'].sort());
    const [sb, sa] = [await snapshot(bulk), await snapshot(open[0]!)];
    expect(sb.visits).toEqual(sa.visits);
    expect(sb.venues).toEqual(sa.venues);
    expect(sb.cases).toEqual(sa.cases);
    expect(await visitIndexSet(bulk)).toEqual(await visitIndexSet(migrated));
    if (dialect === 'postgres') {
      // Vacuumed and analysed after the load: pages all-visible for index-only scans, row counts for the planner.
      const { rows } = await sql<{ visible: number; tuples: number }>`
        select sum(c.relallvisible)::int as visible, sum(greatest(c.reltuples, 0))::int as tuples
          from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'visits'::regclass`.execute(bulk.db);
      expect(rows[0]!.visible).toBeGreaterThan(0);
      expect(rows[0]!.tuples).toBe(3000);
    }
  });

  it('builds the indexes again when the load fails half-way, and refuses a table that already holds visits', async () => {
    const [db, migrated] = [await fresh(), await fresh()];
    let reports = 0;
    const failing = runSynth(db, {
      ...OPTIONS,
      seed: 42,
      batchSize: 500,
      bulkLoad: {},
      onProgress: () => {
        if (++reports === 2) throw new Error('injected failure');
      },
    });
    await expect(failing).rejects.toThrow('injected failure');
    const written = Number((await db.db.selectFrom('visits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(3000);
    expect(await visitIndexSet(db)).toEqual(await visitIndexSet(migrated));

    // A table with visits: refused before anything is written, indexes untouched.
    const venuesBefore = Number((await db.db.selectFrom('venues').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await expect(runSynth(db, { ...OPTIONS, seed: 44, bulkLoad: {} })).rejects.toThrow(/already holds rows/);
    expect(Number((await db.db.selectFrom('venues').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(venuesBefore);
    expect(await visitIndexSet(db)).toEqual(await visitIndexSet(migrated));
  });

  it('stops at a batch the database refuses while other batches are in flight: that error, every index built again', async () => {
    const [db, migrated] = [await fresh(), await fresh()];
    // The database refuses any visit after the first 1,000: a batch fails while others are being written.
    if (dialect === 'postgres') {
      await sql`create function jb_test_refuse_visit() returns trigger language plpgsql as $$
        begin if (select count(*) from visits) >= 1000 then raise exception 'injected write failure'; end if; return new; end $$`.execute(db.db);
      await sql`create trigger jb_test_refuse_visit before insert on visits for each row execute function jb_test_refuse_visit()`.execute(db.db);
    } else {
      await sql`create trigger jb_test_refuse_visit before insert on visits when (select count(*) from visits) >= 1000 begin select raise(abort, 'injected write failure'); end`.execute(db.db);
    }
    await expect(runSynth(db, { ...OPTIONS, seed: 42, batchSize: 250, writers: 3, bulkLoad: {} })).rejects.toThrow('injected write failure');
    expect(Number((await db.db.selectFrom('visits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBeLessThan(3000);
    expect(await visitIndexSet(db)).toEqual(await visitIndexSet(migrated));
  });
});

/**
 * Every index of visits as the database shows it (name and definition; on PostgreSQL also those of its partitions,
 * with the day in a partition's name left out, and whether each is valid): what migrateToLatest makes.
 */
async function visitIndexSet(db: TestDatabase): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; def: string | null }>`select name, sql as def from sqlite_master where type = 'index' and tbl_name = 'visits' order by name`.execute(db.db);
    return rows.map((r) => `${r.name}: ${r.def}`);
  }
  const { rows } = await sql<{ name: string; def: string; valid: boolean }>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as def, i.indisvalid as valid
      from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = 'visits'::regclass or i.indrelid in (select inhrelid from pg_inherits where inhparent = 'visits'::regclass)`.execute(db.db);
  const set = new Set(rows.map((r) => `${r.name}: ${r.def} valid=${r.valid}`.replace(/visits_p\d{8}/g, 'visits_pDAY')));
  return [...set].sort();
}
