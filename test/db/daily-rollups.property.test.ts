// Issue #17: the daily roll-ups equal a full recount after any sequence of writes. fast-check draws sequences of
// check-in batches (the group-commit store itself, with refusals, switches and duplicates), desk/paper entries,
// offline check-ins (with replays), check-outs, retention purges, cases registered and corrected (confirmed,
// discarded, moved, re-dated) and violations recorded and annulled; after each sequence every roll-up must equal the
// count of the records written (a model kept by the test), and the recount of the records still held (the days the
// purge has not reached). Both databases; numRuns is kept small enough for about 10 s per database.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/kysely.js';
import { createCheckinStore, type CheckinStore } from '../../src/server/modules/checkins/checkin-store.js';
import type { CheckinRequest } from '../../src/server/modules/checkins/checkin-batch.js';
import { closeVisitAndCount, deleteVisitsBefore, insertOfflineVisit, insertVisit } from '../../src/server/modules/checkins/checkins.repository.js';
import { insertCase, updateCase } from '../../src/server/modules/tracing/tracing.repository.js';
import { annulViolation, insertViolation } from '../../src/server/modules/enforcement/enforcement.repository.js';
import { localDate, localDateTime, localDateTimeToEpochMs } from '../../src/server/shared/local-time.js';
import { createTestApp, PEDUNGAN, SERANGAN, type TestApp } from '../app-harness.js';
import { testDialects } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

const TZ = 'Asia/Makassar';
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
const DESA = [SERANGAN, PEDUNGAN, `${PEDUNGAN}`];
const at = (day: number, minute: number) => localDateTimeToEpochMs(DAYS[day]!, '00:00', TZ) + minute * 60_000;
const hourOf = (when: number) => localDateTime(when, TZ).hour;

type Op =
  | { kind: 'batch'; items: { venue: number; person: number; day: number; minute: number; prove: boolean }[]; enforce: boolean }
  | { kind: 'desk'; venue: number; day: number; minute: number }
  | { kind: 'offline'; venue: number; day: number; minute: number; key: number }
  | { kind: 'checkout'; pick: number }
  | { kind: 'purge'; day: number }
  | { kind: 'case'; desa: number; day: number; confirmed: boolean }
  | { kind: 'correctCase'; pick: number; change: 'discard' | 'restore' | 'confirm' | 'move' | 'redate'; value: number }
  | { kind: 'violation'; desa: number; day: number }
  | { kind: 'annul'; pick: number };

const day = fc.integer({ min: 0, max: DAYS.length - 1 });
// Minutes around local midnight too (a visit at 23:59 and one at 00:00 fall on different days), and around the full
// hours (59 and 60 fall in different hour-of-day rows).
const minute = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(0, 1, 59, 60, 719, 720, 1438, 1439));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('batch' as const), enforce: fc.boolean(), items: fc.array(fc.record({ venue: fc.nat(2), person: fc.nat(3), day, minute, prove: fc.boolean() }), { minLength: 1, maxLength: 6 }) }) },
  fc.record({ kind: fc.constant('desk' as const), venue: fc.nat(2), day, minute }),
  fc.record({ kind: fc.constant('offline' as const), venue: fc.nat(2), day, minute, key: fc.nat(3) }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('checkout' as const), pick: fc.nat(50) }) },
  fc.record({ kind: fc.constant('purge' as const), day }),
  fc.record({ kind: fc.constant('case' as const), desa: fc.nat(1), day, confirmed: fc.boolean() }),
  fc.record({ kind: fc.constant('correctCase' as const), pick: fc.nat(50), change: fc.constantFrom('discard' as const, 'restore' as const, 'confirm' as const, 'move' as const, 'redate' as const), value: fc.nat(3) }),
  fc.record({ kind: fc.constant('violation' as const), desa: fc.nat(1), day }),
  fc.record({ kind: fc.constant('annul' as const), pick: fc.nat(50) }),
);

/** A map of `${key}|${day}` → count, zeros left out. */
function counts(rows: Iterable<{ key: string; day: string; n: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.n !== 0) out[`${r.key}|${r.day}`] = (out[`${r.key}|${r.day}`] ?? 0) + r.n;
  for (const [k, v] of Object.entries(out)) if (v === 0) delete out[k];
  return out;
}

for (const dialect of testDialects()) {
  describe(`daily roll-ups equal a recount [${dialect}]`, () => {
    let t: TestApp;
    let db: Db;
    let store: CheckinStore;
    let venues: string[];
    let ladderId: string;
    let ids = 0;
    const id = (prefix: string) => `${prefix}-${String(++ids).padStart(8, '0')}`;
    const KEYS = { dataKey: Buffer.alloc(32, 1), personKeyKey: Buffer.alloc(32, 2) };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      db = t.database.db;
      store = createCheckinStore(t.database, KEYS);
      venues = [(await verifiedVenue(t)).id, (await verifiedVenue(t)).id, (await verifiedVenue(t)).id];
      ladderId = (await db.selectFrom('sanction_ladders').select('id').executeTakeFirstOrThrow()).id;
    });
    afterAll(async () => t?.close());

    const venueRegion = (v: number) => (v === 2 ? PEDUNGAN : SERANGAN);

    async function reset() {
      for (const table of ['visits', 'venue_occupancy', 'checkin_attempts', 'checkin_daily_venue', 'checkin_daily_desa', 'checkin_hourly_desa', 'cases', 'case_daily_desa', 'violations', 'violation_daily_desa'] as const) {
        await db.deleteFrom(table).execute();
      }
    }

    async function run(ops: Op[]) {
      await reset();
      // The model: every visit ever created (venue, day), each case's and violation's current state.
      const created: { venue: string; region: string; day: string; hour: number }[] = [];
      const lastVisit = new Map<number, { visitId: string; secret: string }>();
      const cases: { id: string; residence: string; episode: string; confirmed: boolean; category: string }[] = [];
      const violations: { id: string; region: string; day: string; annulled: boolean }[] = [];
      let heldFrom = DAYS[0]!;

      for (const o of ops) {
        switch (o.kind) {
          case 'batch': {
            const requests: CheckinRequest[] = o.items.map((item) => {
              const when = at(item.day, item.minute);
              const proof = item.prove ? lastVisit.get(item.person) : undefined;
              return {
                visitId: id('v'),
                venueId: venues[item.venue]!,
                regionCode: venueRegion(item.venue),
                person: { name: `Orang ${item.person}`, phone: `+62812000000${item.person}` },
                checkoutSecret: `secret-${item.person}-${ids}`,
                proof: proof ? { visitId: proof.visitId, checkoutSecret: proof.secret } : null,
                source: 'qr',
                enteredBy: null,
                at: when,
                localDay: localDate(when, TZ),
                localHour: hourOf(when),
                limit: 2,
                enforceLimit: o.enforce,
              };
            });
            const outcomes = await store.applyBatch(requests, () => id('a'));
            outcomes.forEach((outcome, i) => {
              const r = requests[i]!;
              if (outcome.kind !== 'created') return;
              created.push({ venue: r.venueId, region: r.regionCode, day: r.localDay, hour: r.localHour });
              lastVisit.set(o.items[i]!.person, { visitId: outcome.visitId, secret: r.checkoutSecret! });
            });
            break;
          }
          case 'desk': {
            const when = at(o.day, o.minute);
            const row = { id: id('v'), venue_id: venues[o.venue]!, person_key: 'pk', person_enc: null, name_enc: null, phone_enc: null, secret_hash: null, t_in: when, t_out: when + 3_600_000, out_kind: 'paper', estimated: 1, source: 'paper', entered_by: null, region_code: venueRegion(o.venue), created_at: when };
            await db.transaction().execute((trx) => insertVisit(trx, row, { localDay: localDate(when, TZ), localHour: hourOf(when) }));
            created.push({ venue: row.venue_id, region: row.region_code, day: localDate(when, TZ), hour: hourOf(when) });
            break;
          }
          case 'offline': {
            const when = at(o.day, o.minute);
            const row = { id: id('v'), venue_id: venues[o.venue]!, person_key: 'pk', person_enc: null, name_enc: null, phone_enc: null, secret_hash: null, t_in: when, t_out: null, out_kind: null, estimated: 0, source: 'offline', client_key: `client-${o.key}`, over_capacity: 0, entered_by: null, region_code: venueRegion(o.venue), created_at: when };
            const stored = await db.transaction().execute((trx) => insertOfflineVisit(trx, row, { localDay: localDate(when, TZ), localHour: hourOf(when) }));
            if (stored) created.push({ venue: row.venue_id, region: row.region_code, day: localDate(when, TZ), hour: hourOf(when) });
            break;
          }
          case 'checkout': {
            const open = await db.selectFrom('visits').select(['id', 'venue_id', 't_in']).where('t_out', 'is', null).orderBy('id').execute();
            const v = open[o.pick % Math.max(1, open.length)];
            if (v) await db.transaction().execute((trx) => closeVisitAndCount(trx, v, Number(v.t_in) + 60_000, 'checkout', false));
            break;
          }
          case 'purge': {
            // The retention purge deletes closed visits before a local midnight; the days from then on are still held.
            await deleteVisitsBefore(db, at(o.day, 0));
            if (DAYS[o.day]! > heldFrom) heldFrom = DAYS[o.day]!;
            break;
          }
          case 'case': {
            const c = { id: id('c'), residence: DESA[o.desa]!, episode: DAYS[o.day]!, confirmed: o.confirmed, category: o.confirmed ? 'konfirmasi_simptomatik' : 'suspek' };
            cases.push(c);
            await db.transaction().execute((trx) =>
              insertCase(trx, {
                id: c.id, person_key: 'pk', name_enc: 'x', phone_enc: 'x', nik_enc: null, nik_key: null, residence_code: c.residence, banjar_code: null, category: c.category,
                onset_date: c.episode, specimen_date: null, isolation_start: null, isolation_place: null, isolation_end: null, episode_date: c.episode, region_code: c.residence,
                source_case_id: null, confirmed_at: c.confirmed ? at(0, 0) : null, language: 'id', created_by: null, created_at: 0, updated_at: 0, test_reference: null,
                search_requested_by: null, search_requested_at: null, search_purpose: null, search_approved_by: null, search_approved_at: null,
              }),
            );
            break;
          }
          case 'correctCase': {
            const c = cases[o.pick % Math.max(1, cases.length)];
            if (!c) break;
            const patch: Record<string, unknown> = {};
            if (o.change === 'discard') Object.assign(patch, { category: (c.category = 'discarded') });
            if (o.change === 'restore') Object.assign(patch, { category: (c.category = 'probable') });
            if (o.change === 'confirm') {
              c.confirmed = true;
              Object.assign(patch, { confirmed_at: at(1, 0), category: (c.category = 'konfirmasi_asimptomatik') });
            }
            if (o.change === 'move') Object.assign(patch, { residence_code: (c.residence = DESA[o.value % 2]!) });
            if (o.change === 'redate') Object.assign(patch, { episode_date: (c.episode = DAYS[o.value]!) });
            await db.transaction().execute((trx) => updateCase(trx, c.id, patch));
            break;
          }
          case 'violation': {
            const v = { id: id('x'), region: DESA[o.desa]!, day: DAYS[o.day]!, annulled: false };
            violations.push(v);
            await db.transaction().execute((trx) =>
              insertViolation(trx, {
                id: v.id, offence: 'no_mask', family: 'mask', subject_kind: 'person', venue_id: null, person_key: 'pk', nik_enc: null, name_enc: null, phone_enc: null,
                region_code: v.region, desa_adat_code: null, lat: null, lon: null, occurred_at: at(o.day, 600), local_date: v.day, team: null, note: null, ladder_id: ladderId,
                proposed: '{}', prior_count: 0, client_key: null, status: 'recorded', annul_reason: null, annulled_by: null, annulled_at: null, recorded_by: 'test', created_at: 0,
              }),
            );
            break;
          }
          case 'annul': {
            const v = violations[o.pick % Math.max(1, violations.length)];
            if (!v) break;
            // The service annuls only a recorded violation; a second annulment must change nothing either way.
            await db.transaction().execute((trx) => annulViolation(trx, v.id, { annul_reason: 'salah orang', annulled_by: 'test', annulled_at: 1 }));
            v.annulled = true;
            break;
          }
        }
      }

      // The roll-ups equal the model of everything written …
      const venueRollup = counts((await db.selectFrom('checkin_daily_venue').selectAll().execute()).map((r) => ({ key: r.venue_id, day: r.day, n: Number(r.checkins) })));
      const desaRollup = counts((await db.selectFrom('checkin_daily_desa').selectAll().execute()).map((r) => ({ key: r.region_code, day: r.day, n: Number(r.checkins) })));
      expect(venueRollup).toEqual(counts(created.map((c) => ({ key: c.venue, day: c.day, n: 1 }))));
      expect(desaRollup).toEqual(counts(created.map((c) => ({ key: c.region, day: c.day, n: 1 }))));
      // … and the recount of the visits still held, on the days the purge has not reached.
      const held = await db.selectFrom('visits').select(['venue_id', 'region_code', 't_in']).execute();
      const heldDays = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([k]) => k.split('|')[1]! >= heldFrom));
      expect(heldDays(venueRollup)).toEqual(heldDays(counts(held.map((v) => ({ key: v.venue_id, day: localDate(Number(v.t_in), TZ), n: 1 })))));
      expect(heldDays(desaRollup)).toEqual(heldDays(counts(held.map((v) => ({ key: v.region_code, day: localDate(Number(v.t_in), TZ), n: 1 })))));
      // The hour-of-day roll-up likewise (its key: desa and hour, its day the local day), and per day it sums to the daily one.
      const hourRollup = counts((await db.selectFrom('checkin_hourly_desa').selectAll().execute()).map((r) => ({ key: `${r.region_code}@${Number(r.hour)}`, day: r.day, n: Number(r.checkins) })));
      expect(hourRollup).toEqual(counts(created.map((c) => ({ key: `${c.region}@${c.hour}`, day: c.day, n: 1 }))));
      expect(heldDays(hourRollup)).toEqual(heldDays(counts(held.map((v) => ({ key: `${v.region_code}@${hourOf(Number(v.t_in))}`, day: localDate(Number(v.t_in), TZ), n: 1 })))));
      expect(counts(Object.entries(hourRollup).map(([k, n]) => ({ key: k.split('@')[0]!, day: k.split('|')[1]!, n })))).toEqual(desaRollup);

      const caseRollup = counts((await db.selectFrom('case_daily_desa').selectAll().execute()).map((r) => ({ key: r.region_code, day: r.day, n: Number(r.new_cases) })));
      const caseRows = await db.selectFrom('cases').select(['residence_code', 'episode_date', 'confirmed_at', 'category']).execute();
      expect(caseRollup).toEqual(counts(caseRows.filter((c) => c.confirmed_at !== null && c.category !== 'discarded').map((c) => ({ key: c.residence_code, day: c.episode_date, n: 1 }))));
      expect(caseRollup).toEqual(counts(cases.filter((c) => c.confirmed && c.category !== 'discarded').map((c) => ({ key: c.residence, day: c.episode, n: 1 }))));

      const violationRollup = counts((await db.selectFrom('violation_daily_desa').selectAll().execute()).map((r) => ({ key: r.region_code, day: r.day, n: Number(r.violations) })));
      const violationRows = await db.selectFrom('violations').select(['region_code', 'local_date']).where('status', '=', 'recorded').execute();
      expect(violationRollup).toEqual(counts(violationRows.map((v) => ({ key: v.region_code, day: v.local_date, n: 1 }))));
      expect(violationRollup).toEqual(counts(violations.filter((v) => !v.annulled).map((v) => ({ key: v.region, day: v.day, n: 1 }))));
    }

    it('after random sequences of check-ins, check-outs, purges and corrections', async () => {
      await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), run), { numRuns: dialect === 'postgres' ? 25 : 40 });
    }, 60_000);
  });
}
