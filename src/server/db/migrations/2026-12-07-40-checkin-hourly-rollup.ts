import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Check-ins per desa, local day and hour of the day (issue #17): the dashboards' "check-ins per hour of the day" panel
 * read from a roll-up instead of scanning visits. Kept beside checkin_daily_desa, by the same writes in the same
 * transaction (the group-commit batch, a desk or paper entry, an offline check-in); a desa has at most 24 rows a day,
 * so two years of a city of ~500 desa is at most ~8.8 M rows, and a 28-day panel reads at most 24 × 28 rows per desa.
 *
 * Backfill from the visits held, as migration 2026-12-06-01 does for the daily roll-ups: the local day and hour are
 * the instant shifted by the city's UTC offset (TIME_ZONE, Asia/Makassar by default, no daylight saving).
 */
function offsetMs(): number {
  const timeZone = process.env.TIME_ZONE || 'Asia/Makassar';
  const now = Date.now();
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(now))
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(now / 1000) * 1000) / 60_000) * 60_000;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checkin_hourly_desa')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('checkins', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_hourly_desa_pk', ['region_code', 'day', 'hour'])
    .execute();
  // The city-wide panel reads by day first (every desa of 28 days).
  await db.schema.createIndex('checkin_hourly_desa_day_idx').on('checkin_hourly_desa').columns(['day', 'region_code', 'hour']).execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const off = offsetMs();
  const day = postgres ? sql`to_char(to_timestamp((t_in + ${sql.lit(off)}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')` : sql`date((t_in + ${sql.lit(off)}) / 1000, 'unixepoch')`;
  const hour = postgres ? sql`cast(((t_in + ${sql.lit(off)}) % 86400000) / 3600000 as integer)` : sql`cast(((t_in + ${sql.lit(off)}) % 86400000) / 3600000 as integer)`;
  await sql`insert into checkin_hourly_desa (region_code, day, hour, checkins)
            select substr(region_code, 1, 13), ${day}, ${hour}, count(*) from visits group by substr(region_code, 1, 13), ${day}, ${hour}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checkin_hourly_desa').execute();
}
