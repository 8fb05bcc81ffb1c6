import { expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { migrateTo, migrateToLatest } from '../../src/server/db/migrate.js';
import { describeEachDatabase } from '../databases.js';
import { useDatabaseAtVersion } from './database-at-version.js';

const T0 = Date.parse('2026-11-29T02:00:00Z');
const KEY = Buffer.alloc(32, 5);

/** Inserts a row with the given values and a placeholder in every other NOT NULL column (the test names what matters). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration
async function insertRow(db: Kysely<any>, table: string, values: Record<string, unknown>): Promise<void> {
  const meta = (await db.introspection.getTables()).find((x) => x.name === table);
  if (!meta) throw new Error(`no table ${table}`);
  const row: Record<string, unknown> = { ...values };
  for (const column of meta.columns) {
    if (column.name in row || column.isNullable || column.hasDefaultValue) continue;
    row[column.name] = /int|numeric|real|double/i.test(column.dataType) ? 0 : `x-${column.name}-${String(values.id)}`;
  }
  await db.insertInto(table).values(row).execute();
}

// Migration 2026-12-03-11 lets a contact have no case (a newcomer's self-isolation, followed with the same /k/ link)
// and links an arrival to it. SQLite rebuilds `contacts`: the rows, the reports' references to them, the indexes and
// the foreign keys must all survive, both ways.
describeEachDatabase('migration 2026-12-03-11 (arrival follow-up)', (dialect) => {
  const atVersion = useDatabaseAtVersion();

  it('keeps the contacts and their reports, makes the case optional and keeps the references checked; down restores it', async () => {
    const handle = await atVersion(dialect, '2026-12-03-09-arrivals', KEY);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration
    const db = handle.db as unknown as Kysely<any>;
    await insertRow(db, 'cases', { id: 'case-1', residence_code: '51.71.01.1001', created_at: T0, updated_at: T0 });
    await insertRow(db, 'contacts', { id: 'contact-1', case_id: 'case-1', follow_up_region_code: '51.71.01.1001', token_hash: 'hash-1', created_at: T0, updated_at: T0 });
    await insertRow(db, 'contact_reports', { id: 'report-1', contact_id: 'contact-1', date: '2026-11-29', symptomatic: 0, symptoms: '[]', at: T0 });
    await expect(insertRow(db, 'contacts', { id: 'contact-x', case_id: null, follow_up_region_code: '51.71.01.1001', token_hash: 'hash-x', created_at: T0, updated_at: T0 })).rejects.toThrow();

    await migrateToLatest(handle.db, KEY);
    expect(await db.selectFrom('contacts').select(['id', 'case_id', 'token_hash']).execute()).toEqual([{ id: 'contact-1', case_id: 'case-1', token_hash: 'hash-1' }]);
    expect(await db.selectFrom('contact_reports').select(['id', 'contact_id']).execute()).toEqual([{ id: 'report-1', contact_id: 'contact-1' }]);
    await insertRow(db, 'contacts', { id: 'contact-2', case_id: null, follow_up_region_code: '51.71.01.1001', token_hash: 'hash-2', created_at: T0, updated_at: T0 });
    // Still checked: a report of no contact, a contact of no case, a token used twice.
    await expect(insertRow(db, 'contact_reports', { id: 'report-x', contact_id: 'nobody', date: '2026-11-29', symptomatic: 0, symptoms: '[]', at: T0 })).rejects.toThrow();
    await expect(insertRow(db, 'contacts', { id: 'contact-y', case_id: 'no-case', follow_up_region_code: '51.71.01.1001', token_hash: 'hash-y', created_at: T0, updated_at: T0 })).rejects.toThrow();
    await expect(insertRow(db, 'contacts', { id: 'contact-z', case_id: 'case-1', follow_up_region_code: '51.71.01.1001', token_hash: 'hash-1', created_at: T0, updated_at: T0 })).rejects.toThrow();
    const arrivalColumns = (await db.introspection.getTables()).find((x) => x.name === 'arrivals')?.columns.map((c) => c.name);
    expect(arrivalColumns).toContain('follow_up_id');

    // Down: the newcomers' follow-ups go (they have no case), the contacts of cases stay.
    await migrateTo(handle.db, '2026-12-03-09-arrivals', KEY);
    expect(await db.selectFrom('contacts').select('id').execute()).toEqual([{ id: 'contact-1' }]);
    expect(await db.selectFrom('contact_reports').select('id').execute()).toEqual([{ id: 'report-1' }]);
    await expect(insertRow(db, 'contacts', { id: 'contact-w', case_id: null, follow_up_region_code: '51.71.01.1001', token_hash: 'hash-w', created_at: T0, updated_at: T0 })).rejects.toThrow();
  });
});
