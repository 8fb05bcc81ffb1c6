import type SQLite from 'better-sqlite3';
import { OPEN_VISIT_HORIZON_MS, planCheckinBatch, type CheckinCommand, type CheckinOutcome, type OpenVisit } from './checkin-batch.js';
import type { CheckinStore } from './checkin-store.js';
import { sealCheckin, type VisitKeys } from './visit-person.js';
import { desaOf } from '../../shared/daily-rollup.js';

/**
 * The check-in write path on SQLite: statements prepared once, one IMMEDIATE transaction per batch (SQLite has a
 * single writer, so the counters read inside it cannot change underneath). Durable on return: WAL with
 * synchronous=NORMAL survives a killed process.
 */
export function createSqliteCheckinStore(sqlite: SQLite.Database, keys: VisitKeys): CheckinStore {
  // Bounded like jb_checkin_batch's look-up, so both engines decide alike.
  // The open visit a device claims, by its id (the primary key); the planner checks person and secret.
  const claimedVisit = sqlite.prepare<[string, number], { id: string; venue_id: string; person_key: string; secret_hash: string | null; t_in: number }>(
    'select id, venue_id, person_key, secret_hash, t_in from visits where id = ? and t_in >= ? and t_out is null',
  );
  const counterOf = sqlite.prepare<[string], { current: number }>('select current from venue_occupancy where venue_id = ?');
  const insertVisit = sqlite.prepare(
    `insert into visits (id, venue_id, person_key, person_enc, secret_hash, t_in, t_out, out_kind, estimated, source, entered_by, region_code, created_at)
     values (?, ?, ?, ?, ?, ?, null, null, 0, ?, ?, ?, ?)`,
  );
  const closeVisit = sqlite.prepare("update visits set t_out = ?, out_kind = 'switch' where id = ? and t_out is null");
  const upsertCounter = sqlite.prepare(
    'insert into venue_occupancy (venue_id, current, updated_at) values (?, ?, ?) on conflict (venue_id) do update set current = excluded.current, updated_at = excluded.updated_at',
  );
  // The roll-ups (checkin-rollup.repository.ts): one upsert per venue-day and desa-day per batch.
  const upsertVenueDay = sqlite.prepare(
    'insert into checkin_daily_venue (venue_id, day, region_code, checkins) values (?, ?, ?, ?) on conflict (venue_id, day) do update set checkins = checkins + excluded.checkins',
  );
  const upsertDesaDay = sqlite.prepare(
    'insert into checkin_daily_desa (region_code, day, checkins) values (?, ?, ?) on conflict (region_code, day) do update set checkins = checkins + excluded.checkins',
  );
  // The hour-of-day roll-up (checkin-hourly-rollup.repository.ts): one upsert per desa-day-hour per batch.
  const upsertDesaHour = sqlite.prepare(
    'insert into checkin_hourly_desa (region_code, day, hour, checkins) values (?, ?, ?, ?) on conflict (region_code, day, hour) do update set checkins = checkins + excluded.checkins',
  );
  const insertAttempt = sqlite.prepare('insert into checkin_attempts (id, at, venue_id, region_code, reason, detail) values (?, ?, ?, ?, ?, ?)');

  const run = sqlite.transaction((commands: CheckinCommand[], newId: () => string): CheckinOutcome[] => {
    const openVisits: OpenVisit[] = [];
    const since = Math.min(...commands.map((c) => c.at)) - OPEN_VISIT_HORIZON_MS;
    for (const id of new Set(commands.map((c) => c.proofVisitId))) {
      const v = id === null ? undefined : claimedVisit.get(id, since);
      if (v) openVisits.push({ id: v.id, venueId: v.venue_id, personKey: v.person_key, secretHash: v.secret_hash, tIn: v.t_in });
    }
    const counters = new Map<string, number>();
    for (const venueId of new Set([...commands.map((c) => c.venueId), ...openVisits.map((v) => v.venueId)])) {
      counters.set(venueId, counterOf.get(venueId)?.current ?? 0);
    }
    const plan = planCheckinBatch(commands, openVisits, counters);
    const now = commands[commands.length - 1]?.at ?? 0;
    for (const v of plan.inserts) insertVisit.run(v.visitId, v.venueId, v.personKey, v.personEnc, v.secretHash, v.at, v.source, v.enteredBy, v.regionCode, v.at);
    // After the inserts: a visit may be opened and closed again within one batch (the person moved on).
    for (const c of plan.closes) closeVisit.run(c.at, c.visitId);
    for (const [venueId, current] of plan.occupancy) upsertCounter.run(venueId, current, now);
    if (plan.inserts.length > 0) {
      const venueDays = new Map<string, { venueId: string; day: string; desa: string; n: number }>();
      const desaDays = new Map<string, { desa: string; day: string; n: number }>();
      const desaHours = new Map<string, { desa: string; day: string; hour: number; n: number }>();
      for (const v of plan.inserts) {
        const desa = desaOf(v.regionCode);
        const vd = venueDays.get(`${v.venueId}|${v.localDay}`) ?? { venueId: v.venueId, day: v.localDay, desa, n: 0 };
        vd.n += 1;
        venueDays.set(`${v.venueId}|${v.localDay}`, vd);
        const dd = desaDays.get(`${desa}|${v.localDay}`) ?? { desa, day: v.localDay, n: 0 };
        dd.n += 1;
        desaDays.set(`${desa}|${v.localDay}`, dd);
        const hk = `${desa}|${v.localDay}|${v.localHour}`;
        const dh = desaHours.get(hk) ?? { desa, day: v.localDay, hour: v.localHour, n: 0 };
        dh.n += 1;
        desaHours.set(hk, dh);
      }
      for (const r of venueDays.values()) upsertVenueDay.run(r.venueId, r.day, r.desa, r.n);
      for (const r of desaDays.values()) upsertDesaDay.run(r.desa, r.day, r.n);
      for (const r of desaHours.values()) upsertDesaHour.run(r.desa, r.day, r.hour, r.n);
    }
    for (const r of plan.refusals) insertAttempt.run(newId(), r.at, r.venueId, r.regionCode, 'venue_full', JSON.stringify({ occupancy: r.occupancy, limit: r.limit }));
    return plan.outcomes;
  });

  return {
    // Sealed before the transaction begins: the write lock is held for the writes alone.
    applyBatch: (requests, newId) => {
      const commands = requests.map((r) => sealCheckin(keys, r));
      return Promise.resolve(run.immediate(commands, newId));
    },
    // Synchronous: a batch has committed before the next can be handed over.
    batchesInFlight: 1,
  };
}
