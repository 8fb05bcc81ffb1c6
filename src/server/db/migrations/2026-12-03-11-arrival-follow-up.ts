import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Issue #15: a newcomer's 14-day self-isolation is followed with tracing's daily self-report link (/k/), not a copy
 * of it. A followed person is a row of `contacts` (token, daily reports, discharge), so:
 * - `contacts.case_id` becomes optional: a newcomer is followed without being anyone's contact;
 * - `arrivals.follow_up_id` names the contact row the village officer's visit opened.
 * SQLite cannot drop a NOT NULL, so it rebuilds `contacts` (the documented 12 steps: foreign keys off outside a
 * transaction — SQLite migrations run without one —, copy, swap, indexes back, check).
 */
const CONTACT_COLUMNS = [
  'id', 'case_id', 'candidate_id', 'person_key', 'name_enc', 'phone_enc', 'follow_up_region_code', 'last_exposure_at', 'quarantine_end',
  'token_hash', 'language', 'status', 'test_result', 'test_date', 'became_case_id', 'created_by', 'created_at', 'updated_at',
];

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function rebuildContacts(db: Kysely<any>, caseIdRequired: boolean): Promise<void> {
  // SQLite's documented table rebuild: foreign keys off outside the transaction (the pragma is a no-op inside one), then
  // create → copy → drop → rename → indexes → check in ONE transaction, so a crash halfway leaves the old table whole.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await rebuildInTransaction(db, caseIdRequired);
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuildInTransaction(db: Kysely<any>, caseIdRequired: boolean): Promise<void> {
  await db.schema
    .createTable('contacts_rebuilt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => (caseIdRequired ? c.notNull().references('cases.id') : c.references('cases.id')))
    .addColumn('candidate_id', 'text')
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('follow_up_region_code', 'text', (c) => c.notNull())
    .addColumn('last_exposure_at', 'bigint', (c) => c.notNull())
    .addColumn('quarantine_end', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('test_result', 'text')
    .addColumn('test_date', 'text')
    .addColumn('became_case_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const columns = sql.join(CONTACT_COLUMNS.map((c) => sql.ref(c)));
  await sql`insert into contacts_rebuilt (${columns}) select ${columns} from contacts`.execute(db);
  await db.schema.dropTable('contacts').execute();
  await db.schema.alterTable('contacts_rebuilt').renameTo('contacts').execute();
  await db.schema.createIndex('contacts_case_idx').on('contacts').column('case_id').execute();
  await db.schema.createIndex('contacts_follow_up_idx').on('contacts').columns(['follow_up_region_code', 'status']).execute();
  await db.schema.createIndex('contacts_person_idx').on('contacts').column('person_key').execute();
  const broken = await sql`pragma foreign_key_check`.execute(db);
  if (broken.rows.length > 0) throw new Error(`contacts rebuild left ${broken.rows.length} broken references`);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`alter table contacts alter column case_id drop not null`.execute(db);
  else await rebuildContacts(db, false);
  await db.schema.alterTable('arrivals').addColumn('follow_up_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('arrivals').dropColumn('follow_up_id').execute();
  // Newcomers' follow-ups have no case: they go with the column's optionality.
  await db.deleteFrom('contact_reports').where('contact_id', 'in', db.selectFrom('contacts').select('id').where('case_id', 'is', null)).execute();
  await db.deleteFrom('contacts').where('case_id', 'is', null).execute();
  if (isPostgres(db)) await sql`alter table contacts alter column case_id set not null`.execute(db);
  else await rebuildContacts(db, true);
}
