import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Daily roll-ups for the open data and the dashboards (issue #17): what the city's figures are made of, kept as the
 * records arrive, so a year of daily figures is read without scanning visits. Each source module owns its own:
 *   checkins    checkin_daily_venue (venue, local day) and checkin_daily_desa (desa, local day): visits by their t_in
 *   tracing     case_daily_desa (residence desa, episode date): confirmed cases not discarded
 *   enforcement violation_daily_desa (desa of the place, local date): violations not annulled
 * Active cases and the zone colour are the policies module's zone history already (one row per desa and day).
 * The roll-ups hold no person and are kept when the records they count are purged (retention, a resident's deletion):
 * they are anonymous counts, and the open data promises two years of history.
 *
 * Backfill: the local day of a visit is its instant shifted by the city's UTC offset (TIME_ZONE, Asia/Makassar by
 * default: WITA has no daylight saving, so one offset holds for every instant). A desa is the first four parts of a
 * region code (a banjar's code extends its desa's).
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
    .createTable('checkin_daily_venue')
    .addColumn('venue_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('checkins', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_daily_venue_pk', ['venue_id', 'day'])
    .execute();
  await db.schema
    .createTable('checkin_daily_desa')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('checkins', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_daily_desa_pk', ['region_code', 'day'])
    .execute();
  await db.schema.createIndex('checkin_daily_desa_day_idx').on('checkin_daily_desa').columns(['day', 'region_code']).execute();
  await db.schema
    .createTable('case_daily_desa')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('new_cases', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_daily_desa_pk', ['region_code', 'day'])
    .execute();
  await db.schema.createIndex('case_daily_desa_day_idx').on('case_daily_desa').columns(['day', 'region_code']).execute();
  await db.schema
    .createTable('violation_daily_desa')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('violations', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('violation_daily_desa_pk', ['region_code', 'day'])
    .execute();
  await db.schema.createIndex('violation_daily_desa_day_idx').on('violation_daily_desa').columns(['day', 'region_code']).execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const off = offsetMs();
  const day = postgres ? sql`to_char(to_timestamp((t_in + ${sql.lit(off)}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')` : sql`date((t_in + ${sql.lit(off)}) / 1000, 'unixepoch')`;
  await sql`insert into checkin_daily_venue (venue_id, day, region_code, checkins)
            select venue_id, ${day}, min(substr(region_code, 1, 13)), count(*) from visits group by venue_id, ${day}`.execute(db);
  await sql`insert into checkin_daily_desa (region_code, day, checkins)
            select region_code, day, sum(checkins) from checkin_daily_venue group by region_code, day`.execute(db);
  await sql`insert into case_daily_desa (region_code, day, new_cases)
            select substr(residence_code, 1, 13), episode_date, count(*) from cases
             where confirmed_at is not null and category <> 'discarded' group by substr(residence_code, 1, 13), episode_date`.execute(db);
  await sql`insert into violation_daily_desa (region_code, day, violations)
            select substr(region_code, 1, 13), local_date, count(*) from violations
             where status = 'recorded' group by substr(region_code, 1, 13), local_date`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['violation_daily_desa', 'case_daily_desa', 'checkin_daily_desa', 'checkin_daily_venue']) await db.schema.dropTable(t).execute();
}
