import type pg from 'pg';
import type { CheckinOutcome, CheckinRequest } from './checkin-batch.js';
import type { CheckinStore } from './checkin-store.js';
import { sealCheckin, type VisitKeys } from './visit-person.js';
import { desaOf } from '../../shared/daily-rollup.js';

// One round trip per batch: the decision runs next to the data in jb_checkin_batch (migrations 04, 07, 08 and
// 2026-12-03-02), as one implicit transaction, so the answer comes back committed. A named statement is planned once
// per connection; behind PgBouncer in transaction mode (DATABASE_NAMED_STATEMENTS=0) it is sent unnamed, since the
// server connection that prepared it is not the next one.
const CHECKIN_BATCH = {
  name: 'jb_checkin_batch',
  // The roll-ups (issue #17) in the same statement, so in the same transaction: the batch's created visits counted
  // per venue-day, desa-day and desa-day-hour, one upsert each per batch. Rows go in sorted by key (a fixed lock order); two batches
  // touching one venue already wait on its counter row first.
  text: `with b as materialized (
           select idx, kind, visit_id, at_ms, occupancy, closed_visit_id
             from jb_checkin_batch($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                   $8::bigint[], $9::text[], $10::int[], $11::boolean[], $12::text[],
                                   $13::text[], $14::text[])),
         created as (
           select t.venue_id, t.desa, t.day, t.hour from b
             join unnest($2::text[], $15::text[], $16::text[], $17::int[]) with ordinality as t(venue_id, desa, day, hour, n) on t.n = b.idx
            where b.kind = 'created'),
         venue_days as (
           insert into checkin_daily_venue (venue_id, day, region_code, checkins)
           select venue_id, day, min(desa), count(*) from created group by venue_id, day order by venue_id, day
           on conflict (venue_id, day) do update set checkins = checkin_daily_venue.checkins + excluded.checkins),
         desa_days as (
           insert into checkin_daily_desa (region_code, day, checkins)
           select desa, day, count(*) from created group by desa, day order by desa, day
           on conflict (region_code, day) do update set checkins = checkin_daily_desa.checkins + excluded.checkins),
         desa_hours as (
           insert into checkin_hourly_desa (region_code, day, hour, checkins)
           select desa, day, hour, count(*) from created group by desa, day, hour order by desa, day, hour
           on conflict (region_code, day, hour) do update set checkins = checkin_hourly_desa.checkins + excluded.checkins)
         select * from b`,
};

interface BatchRow {
  idx: number;
  kind: 'created' | 'duplicate' | 'full';
  visit_id: string | null;
  at_ms: number | null;
  occupancy: number;
  closed_visit_id: string | null;
}

function toOutcome(row: BatchRow): CheckinOutcome {
  switch (row.kind) {
    case 'created':
      return { kind: 'created', visitId: row.visit_id as string, at: Number(row.at_ms), occupancy: row.occupancy, closedVisitId: row.closed_visit_id };
    case 'duplicate':
      return { kind: 'duplicate', visitId: row.visit_id as string, checkedInAt: Number(row.at_ms), occupancy: row.occupancy };
    case 'full':
      return { kind: 'full', occupancy: row.occupancy };
  }
}

export function createPostgresCheckinStore(pool: pg.Pool, keys: VisitKeys, options: { namedStatements?: boolean } = {}): CheckinStore {
  const statement = options.namedStatements === false ? { text: CHECKIN_BATCH.text } : CHECKIN_BATCH;
  return {
    // One at a time: concurrent batches lock the same venue counters, so a second one mostly waits, and it takes CPU
    // from the first on a small machine. Measured: same throughput as two, fewer and larger batches, lower p99.
    batchesInFlight: 1,
    async applyBatch(requests: CheckinRequest[], newId: () => string): Promise<CheckinOutcome[]> {
      const c = requests.map((r) => sealCheckin(keys, r));
      const result = await pool.query<BatchRow>({
        ...statement,
        values: [
          c.map((x) => x.visitId),
          c.map((x) => x.venueId),
          c.map((x) => x.personKey),
          c.map((x) => x.personEnc),
          c.map((x) => x.secretHash),
          c.map((x) => x.source),
          c.map((x) => x.enteredBy),
          c.map((x) => x.at),
          c.map((x) => x.regionCode),
          c.map((x) => x.limit),
          c.map((x) => x.enforceLimit),
          c.map(() => newId()),
          c.map((x) => x.proofVisitId),
          c.map((x) => x.proofSecretHash),
          c.map((x) => desaOf(x.regionCode)),
          c.map((x) => x.localDay),
          c.map((x) => x.localHour),
        ],
      });
      const rows = [...result.rows].sort((a, b) => a.idx - b.idx);
      if (rows.length !== c.length) throw new Error(`jb_checkin_batch answered ${rows.length} of ${c.length} check-ins`);
      return rows.map(toOutcome);
    },
  };
}
