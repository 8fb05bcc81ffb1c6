import { describe, expect, it } from 'vitest';
import { residentStatus, type ResidentStatus, type StatusRecords } from './status-rule.js';

const today = '2026-12-10';
const confirmed = (isolationEnd: string | null, category = 'konfirmasi_asimptomatik') => ({ category, isolationEnd });
const contact = (quarantineEnd: string, status = 'quarantine') => ({ status, quarantineEnd });

describe('residentStatus (tracing records only)', () => {
  const table: [string, Omit<StatusRecords, 'today'>, ResidentStatus][] = [
    ['no record at all', { cases: [], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['confirmed, isolation runs', { cases: [confirmed('2026-12-12')], contacts: [] }, { colour: 'hitam', reason: 'isolation', until: '2026-12-12' }],
    ['confirmed, last day of isolation is today', { cases: [confirmed(today, 'konfirmasi_simptomatik')], contacts: [] }, { colour: 'hitam', reason: 'isolation', until: today }],
    ['confirmed, isolation ended yesterday', { cases: [confirmed('2026-12-09')], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['confirmed without an isolation end yet', { cases: [confirmed(null)], contacts: [] }, { colour: 'hitam', reason: 'isolation', until: null }],
    ['a suspect is not black (not confirmed)', { cases: [confirmed('2026-12-20', 'suspek')], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['isolation complete', { cases: [confirmed('2026-12-20', 'selesai_isolasi')], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['contact in quarantine', { cases: [], contacts: [contact('2026-12-15')] }, { colour: 'hitam', reason: 'quarantine', until: '2026-12-15' }],
    ['contact discharged early', { cases: [], contacts: [contact('2026-12-15', 'discharged')] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['quarantine ended yesterday', { cases: [], contacts: [contact('2026-12-09')] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['two quarantines: the later end', { cases: [], contacts: [contact('2026-12-11'), contact('2026-12-19')] }, { colour: 'hitam', reason: 'quarantine', until: '2026-12-19' }],
    ['isolation and a longer quarantine: until the later', { cases: [confirmed('2026-12-12')], contacts: [contact('2026-12-19')] }, { colour: 'hitam', reason: 'isolation', until: '2026-12-19' }],
    ['isolation and a shorter quarantine', { cases: [confirmed('2026-12-22')], contacts: [contact('2026-12-19')] }, { colour: 'hitam', reason: 'isolation', until: '2026-12-22' }],
    ["a newcomer's self-isolation", { cases: [], contacts: [{ status: 'quarantine', quarantineEnd: '2026-12-17', selfIsolation: true }] }, { colour: 'hitam', reason: 'self_isolation', until: '2026-12-17' }],
    ['self-isolation and a contact quarantine: a contact', { cases: [], contacts: [{ status: 'quarantine', quarantineEnd: '2026-12-17', selfIsolation: true }, contact('2026-12-15')] }, { colour: 'hitam', reason: 'quarantine', until: '2026-12-17' }],
    ['isolation without end and a quarantine', { cases: [confirmed(null)], contacts: [contact('2026-12-19')] }, { colour: 'hitam', reason: 'isolation', until: null }],
  ];
  it.each(table)('%s', (_label, records, expected) => {
    expect(residentStatus({ today, ...records })).toEqual(expected);
  });
});
