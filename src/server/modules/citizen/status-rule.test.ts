import { describe, expect, it } from 'vitest';
import { localDateTimeToEpochMs } from '../../shared/local-time.js';
import { doorDecision, residentStatus, type ResidentStatus, type StatusRecords, type StatusRuleVersion } from './status-rule.js';

const TZ = 'Asia/Makassar';
const at = (date: string, time = '12:00') => localDateTimeToEpochMs(date, time, TZ);
/** The instant a colour lasting through `date` changes: the next local midnight. */
const midnightAfter = (date: string) => new Date(at(date, '24:00')).toISOString();
const today = '2021-06-10';
const confirmed = (isolationEnd: string | null, category = 'konfirmasi_asimptomatik') => ({ category, isolationEnd });
const contact = (quarantineEnd: string, status = 'quarantine') => ({ status, quarantineEnd });

describe('residentStatus before the first status rule version (tracing records only)', () => {
  type Expected = Omit<ResidentStatus, 'changesAt' | 'rule'>;
  const table: [string, Omit<StatusRecords, 'now' | 'timeZone'>, Expected][] = [
    ['no record at all', { cases: [], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['confirmed, isolation runs', { cases: [confirmed('2021-06-12')], contacts: [] }, { colour: 'hitam', reason: 'isolation', until: '2021-06-12' }],
    ['confirmed, last day of isolation is today', { cases: [confirmed(today, 'konfirmasi_simptomatik')], contacts: [] }, { colour: 'hitam', reason: 'isolation', until: today }],
    ['confirmed, isolation ended yesterday', { cases: [confirmed('2021-06-09')], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['confirmed without an isolation end yet', { cases: [confirmed(null)], contacts: [] }, { colour: 'hitam', reason: 'isolation', until: null }],
    ['a suspect is not black (not confirmed)', { cases: [confirmed('2021-06-20', 'suspek')], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['isolation complete', { cases: [confirmed('2021-06-20', 'selesai_isolasi')], contacts: [] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['contact in quarantine', { cases: [], contacts: [contact('2021-06-15')] }, { colour: 'hitam', reason: 'quarantine', until: '2021-06-15' }],
    ['contact discharged early', { cases: [], contacts: [contact('2021-06-15', 'discharged')] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['quarantine ended yesterday', { cases: [], contacts: [contact('2021-06-09')] }, { colour: 'hijau', reason: 'no_record', until: null }],
    ['two quarantines: the later end', { cases: [], contacts: [contact('2021-06-11'), contact('2021-06-19')] }, { colour: 'hitam', reason: 'quarantine', until: '2021-06-19' }],
    ['isolation and a longer quarantine: until the later', { cases: [confirmed('2021-06-12')], contacts: [contact('2021-06-19')] }, { colour: 'hitam', reason: 'isolation', until: '2021-06-19' }],
    ['isolation and a shorter quarantine', { cases: [confirmed('2021-06-22')], contacts: [contact('2021-06-19')] }, { colour: 'hitam', reason: 'isolation', until: '2021-06-22' }],
    ["a newcomer's self-isolation", { cases: [], contacts: [{ status: 'quarantine', quarantineEnd: '2021-06-17', selfIsolation: true }] }, { colour: 'hitam', reason: 'self_isolation', until: '2021-06-17' }],
    ['self-isolation and a contact quarantine: a contact', { cases: [], contacts: [{ status: 'quarantine', quarantineEnd: '2021-06-17', selfIsolation: true }, contact('2021-06-15')] }, { colour: 'hitam', reason: 'quarantine', until: '2021-06-17' }],
    ['isolation without end and a quarantine', { cases: [confirmed(null)], contacts: [contact('2021-06-19')] }, { colour: 'hitam', reason: 'isolation', until: null }],
  ];
  it.each(table)('%s', (_label, records, expected) => {
    expect(residentStatus({ now: at(today), timeZone: TZ, ...records })).toEqual({ ...expected, changesAt: expected.until === null ? null : midnightAfter(expected.until), rule: null });
  });
});

const none = { cases: [], contacts: [] };
const dose = (n: number, date = '2021-05-01', vaccine = 'sinovac') => ({ dose: n, vaccine, date });
const status = (now: number, records: Partial<Omit<StatusRecords, 'now' | 'timeZone'>> = {}, versions?: readonly StatusRuleVersion[]) =>
  residentStatus({ now, timeZone: TZ, ...none, ...records }, versions);

describe('the status rule versions (domain.md §9)', () => {
  it('switches on 1 Sep 2021: no record is green the day before (no rule), red from that local midnight', () => {
    expect(status(at('2021-08-31', '23:59'))).toMatchObject({ colour: 'hijau', reason: 'no_record', rule: null });
    expect(status(at('2021-09-01', '00:00'))).toEqual({ colour: 'merah', reason: 'not_vaccinated', until: null, changesAt: null, rule: '2021-09' });
  });

  it('Sep 2021: two doses green, one dose yellow; Jul 2022: a booster for green, two doses yellow, one dose red', () => {
    const two = { vaccinations: [dose(1), dose(2, '2021-06-01')] };
    const one = { vaccinations: [dose(1)] };
    expect(status(at('2022-06-30', '23:59'), two)).toMatchObject({ colour: 'hijau', reason: 'fully_vaccinated', rule: '2021-09' });
    expect(status(at('2022-07-01', '00:00'), two)).toMatchObject({ colour: 'kuning', reason: 'partially_vaccinated', rule: '2022-07' });
    expect(status(at('2021-10-01'), one)).toMatchObject({ colour: 'kuning', reason: 'partially_vaccinated' });
    expect(status(at('2022-08-01'), one)).toMatchObject({ colour: 'merah', reason: 'not_vaccinated' });
    expect(status(at('2022-08-01'), { vaccinations: [...two.vaccinations, dose(3, '2022-01-10')] })).toMatchObject({ colour: 'hijau', reason: 'fully_vaccinated' });
  });

  it('a single-dose vaccine (J&J) completes the primary series', () => {
    expect(status(at('2021-10-01'), { vaccinations: [dose(1, '2021-08-01', 'janssen')] })).toMatchObject({ colour: 'hijau' });
    expect(status(at('2022-08-01'), { vaccinations: [dose(1, '2021-08-01', 'janssen')] })).toMatchObject({ colour: 'kuning' });
  });

  it('a dose dated after today does not count yet', () => {
    expect(status(at('2021-10-01'), { vaccinations: [dose(1, '2021-10-02')] })).toMatchObject({ colour: 'merah' });
    expect(status(at('2021-10-02', '00:00'), { vaccinations: [dose(1, '2021-10-02')] })).toMatchObject({ colour: 'kuning' });
  });

  it('a negative antigen test is green for exactly 24 h, then the colour of the doses again', () => {
    const taken = at('2021-10-05', '09:30');
    const tests = [{ kind: 'antigen' as const, result: 'negative' as const, at: taken }];
    expect(status(taken, { tests })).toEqual({ colour: 'hijau', reason: 'negative_test', until: '2021-10-06', changesAt: new Date(taken + 24 * 3_600_000).toISOString(), rule: '2021-09' });
    expect(status(taken + 24 * 3_600_000 - 1, { tests })).toMatchObject({ colour: 'hijau', reason: 'negative_test' });
    expect(status(taken + 24 * 3_600_000, { tests })).toMatchObject({ colour: 'merah', reason: 'not_vaccinated' });
    expect(status(taken + 24 * 3_600_000, { tests, vaccinations: [dose(1)] })).toMatchObject({ colour: 'kuning' });
  });

  it('a negative PCR is green for exactly 72 h; a test taken later than now does not count', () => {
    const taken = at('2021-10-05', '09:30');
    const tests = [{ kind: 'pcr' as const, result: 'negative' as const, at: taken }];
    expect(status(taken + 72 * 3_600_000 - 1, { tests })).toMatchObject({ colour: 'hijau', until: '2021-10-08' });
    expect(status(taken + 72 * 3_600_000, { tests })).toMatchObject({ colour: 'merah' });
    expect(status(taken - 1, { tests })).toMatchObject({ colour: 'merah' });
  });

  it('a positive test is black for 10 days from its local day, unless a negative test came after it', () => {
    const positive = { kind: 'antigen' as const, result: 'positive' as const, at: at('2021-10-05', '23:30') };
    expect(status(at('2021-10-14', '23:59'), { tests: [positive], vaccinations: [dose(2)] })).toEqual({ colour: 'hitam', reason: 'positive_test', until: '2021-10-14', changesAt: midnightAfter('2021-10-14'), rule: '2021-09' });
    expect(status(at('2021-10-15', '00:00'), { tests: [positive], vaccinations: [dose(2)] })).toMatchObject({ colour: 'hijau', reason: 'fully_vaccinated' });
    const retest = { kind: 'pcr' as const, result: 'negative' as const, at: at('2021-10-07') };
    expect(status(at('2021-10-08'), { tests: [positive, retest] })).toMatchObject({ colour: 'hijau', reason: 'negative_test' });
    // Before the first version too: a positive test is black.
    expect(status(at('2021-06-02'), { tests: [{ ...positive, at: at('2021-06-01') }] })).toMatchObject({ colour: 'hitam' });
  });

  it('isolation is black through its last local day and over on the next, whatever the vaccinations', () => {
    const records = { cases: [{ category: 'konfirmasi_simptomatik', isolationEnd: '2021-10-20' }], vaccinations: [dose(1), dose(2)] };
    expect(status(at('2021-10-20', '23:59'), records)).toMatchObject({ colour: 'hitam', reason: 'isolation', until: '2021-10-20', changesAt: midnightAfter('2021-10-20') });
    expect(status(at('2021-10-21', '00:00'), records)).toMatchObject({ colour: 'hijau', reason: 'fully_vaccinated' });
  });

  it('a survivor without enough doses is yellow for 90 days after isolation, then red', () => {
    const records = { cases: [{ category: 'selesai_isolasi', isolationEnd: '2021-10-20' }] };
    expect(status(at('2022-01-18'), records)).toEqual({ colour: 'kuning', reason: 'recovered', until: '2022-01-18', changesAt: midnightAfter('2022-01-18'), rule: '2021-09' });
    expect(status(at('2022-01-19'), records)).toMatchObject({ colour: 'merah' });
  });
});

describe('doorDecision', () => {
  const of = (colour: ResidentStatus['colour'], rule: string | null = '2022-07'): ResidentStatus => ({ colour, reason: 'no_record', until: null, changesAt: null, rule });
  it('refuses black always and red under both seeded versions; admits green and yellow', () => {
    expect(doorDecision(of('hitam', null))).toBe('refuse');
    expect(doorDecision(of('merah', '2021-09'))).toBe('refuse');
    expect(doorDecision(of('merah', '2022-07'))).toBe('refuse');
    expect(doorDecision(of('kuning'))).toBe('admit');
    expect(doorDecision(of('hijau'))).toBe('admit');
  });
  it('admits red where a version lets it in', () => {
    const lenient: StatusRuleVersion[] = [{ id: 'x', effectiveFrom: '2021-01-01', greenDoses: 2, yellowDoses: 1, antigenValidHours: 24, pcrValidHours: 72, survivorWindowDays: 90, blackCaseDays: 10, merahAtDoor: 'admit' }];
    expect(doorDecision(of('merah', 'x'), lenient)).toBe('admit');
    expect(doorDecision(of('hitam', 'x'), lenient)).toBe('refuse');
  });
});
