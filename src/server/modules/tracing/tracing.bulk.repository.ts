import { bulkInsert } from '../../db/bulk-insert.js';
import type { DatabaseHandle } from '../../db/kysely.js';
import type { CasesTable } from './tracing.table.js';

/** Cases in bulk (the synthetic city): one statement per batch, see db/bulk-insert.ts. */
export function insertCasesBulk(handle: DatabaseHandle, rows: readonly CasesTable[]): Promise<void> {
  return bulkInsert<CasesTable>(handle, 'cases', {
    id: 'text',
    person_key: 'text',
    name_enc: 'text',
    phone_enc: 'text',
    nik_enc: 'text',
    nik_key: 'text',
    residence_code: 'text',
    banjar_code: 'text',
    category: 'text',
    onset_date: 'text',
    specimen_date: 'text',
    isolation_start: 'text',
    isolation_place: 'text',
    isolation_end: 'text',
    episode_date: 'text',
    region_code: 'text',
    source_case_id: 'text',
    confirmed_at: 'bigint',
    language: 'text',
    created_by: 'text',
    created_at: 'bigint',
    updated_at: 'bigint',
    test_reference: 'text',
    search_requested_by: 'text',
    search_requested_at: 'bigint',
    search_purpose: 'text',
    search_approved_by: 'text',
    search_approved_at: 'bigint',
  }, rows);
}
