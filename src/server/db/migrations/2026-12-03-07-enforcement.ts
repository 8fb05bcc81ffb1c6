import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/*
 * Enforcement (issue #15): the versioned sanction ladder, violations and the sanctions applied for them, fines'
 * deposits to the kas daerah, and on venues
 * the end of a suspension imposed by a sanction (check-ins reopen by themselves when it passes).
 *
 * The ladder of Perwali 32/2020 (fines of Pergub Bali 46/2020) is seeded here as the version in force from the
 * Perwali's promulgation with no end date, so every database has one, restored copies and tests included. Its id is
 * fixed (a UUIDv7 of that day) so that every installation names the same seed.
 */
export const SEED_LADDER_ID = '017213e9-f800-7000-8000-000000000032';

const VENUE_STEPS = [{ type: 'teguran_tertulis' }, { type: 'denda', amountIdr: 1_000_000 }, { type: 'penghentian_sementara', days: 3 }, { type: 'penutupan', withRecommendation: true }];
const SEED_STEPS = {
  masker_tidak_benar: [{ type: 'teguran_lisan' }, { type: 'teguran_tertulis' }, { type: 'denda', amountIdr: 100_000 }],
  masker_tidak_dipakai: [{ type: 'denda', amountIdr: 100_000 }],
  fasilitas_prokes_tidak_ada: VENUE_STEPS,
  melebihi_kapasitas: VENUE_STEPS,
  melewati_jam_operasional: VENUE_STEPS,
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sanction_ladders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_until', 'text')
    .addColumn('grace_days', 'integer', (c) => c.notNull())
    .addColumn('window_months', 'integer', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('sanction_ladders')
    .values({
      id: SEED_LADDER_ID,
      legal_basis: 'Perwali Denpasar 32/2020 jo. Perwali Denpasar 48/2020; Pergub Bali 46/2020',
      effective_from: '2020-05-15',
      effective_until: null,
      grace_days: 14,
      window_months: 12,
      steps: JSON.stringify(SEED_STEPS),
      created_by: null,
      created_at: Date.UTC(2020, 4, 14, 16),
    })
    .execute();

  await db.schema
    .createTable('violations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('offence', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('venue_id', 'text', (c) => c.references('venues.id'))
    .addColumn('person_key', 'text')
    .addColumn('nik_enc', 'text')
    .addColumn('name_enc', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('desa_adat_code', 'text', (c) => c.references('regions.code'))
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('team', 'text')
    .addColumn('note', 'text')
    .addColumn('ladder_id', 'text', (c) => c.notNull().references('sanction_ladders.id'))
    .addColumn('proposed', 'text', (c) => c.notNull())
    .addColumn('prior_count', 'integer', (c) => c.notNull())
    .addColumn('client_key', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('annul_reason', 'text')
    .addColumn('annulled_by', 'text')
    .addColumn('annulled_at', 'bigint')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('violations_person_idx').on('violations').columns(['person_key', 'family', 'local_date']).execute();
  await db.schema.createIndex('violations_venue_idx').on('violations').columns(['venue_id', 'family', 'local_date']).execute();
  await db.schema.createIndex('violations_region_idx').on('violations').columns(['region_code', 'occurred_at']).execute();
  await db.schema.createIndex('violations_adat_idx').on('violations').columns(['desa_adat_code', 'occurred_at']).execute();
  // A replayed offline entry finds the one it already made.
  await db.schema.createIndex('violations_client_key_idx').on('violations').columns(['recorded_by', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();

  await db.schema
    .createTable('sanctions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('violation_id', 'text', (c) => c.notNull().references('violations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('amount_idr', 'bigint')
    .addColumn('days', 'integer')
    .addColumn('rice_kg', 'double precision')
    .addColumn('assembly', 'text')
    .addColumn('receipt_number', 'text')
    .addColumn('paid', 'integer', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('paid_on', 'text')
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint')
    .addColumn('as_proposed', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text')
    .addColumn('change_reason', 'text')
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'bigint')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sanctions_violation_idx').on('sanctions').columns(['violation_id', 'created_at']).execute();
  await db.schema.createIndex('sanctions_issued_idx').on('sanctions').columns(['type', 'issued_on']).execute();
  await db.schema.createIndex('sanctions_paid_idx').on('sanctions').columns(['type', 'paid_on']).execute();

  // Cash handed to the kas daerah, per team and day (the daily cash report balances against it).
  await db.schema
    .createTable('fine_deposits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('team', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('amount_idr', 'bigint', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fine_deposits_day_idx').on('fine_deposits').columns(['local_date', 'region_code']).execute();

  await db.schema.alterTable('venues').addColumn('suspended_until', 'bigint').execute();
  await db.schema.alterTable('venues').addColumn('suspension_sanction_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('venues').dropColumn('suspension_sanction_id').execute();
  await db.schema.alterTable('venues').dropColumn('suspended_until').execute();
  await db.schema.dropTable('fine_deposits').execute();
  await db.schema.dropTable('sanctions').execute();
  await db.schema.dropTable('violations').execute();
  await db.schema.dropTable('sanction_ladders').execute();
}
