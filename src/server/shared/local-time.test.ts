import { describe, expect, it } from 'vitest';
import {
  addDaysToDate,
  localDate,
  localDateTime,
  localDateTimeToEpochMs,
  localIsoWeekday,
  localMinutesOfDay,
  timeZoneAbbreviation,
  zoneOffsetMinutes,
} from './local-time.js';

const WITA = 'Asia/Makassar';

describe('local time in Asia/Makassar (UTC+8)', () => {
  it.each([
    // instant (UTC)                 local date     minutes   ISO weekday
    ['2020-08-02T13:00:00.000Z', '2020-08-02', 21 * 60, 7], // Sunday 21:00 WITA
    ['2020-08-02T15:59:59.999Z', '2020-08-02', 23 * 60 + 59, 7],
    ['2020-08-02T16:00:00.000Z', '2020-08-03', 0, 1], // local midnight: Monday
    ['2021-01-10T16:00:00.000Z', '2021-01-11', 0, 1],
    ['2026-12-31T17:30:00.000Z', '2027-01-01', 90, 5],
  ])('%s is %s, minute %i, weekday %i', (iso, date, minutes, weekday) => {
    const at = Date.parse(iso);
    expect(localDate(at, WITA)).toBe(date);
    expect(localMinutesOfDay(at, WITA)).toBe(minutes);
    expect(localIsoWeekday(at, WITA)).toBe(weekday);
    expect(zoneOffsetMinutes(at, WITA)).toBe(480);
  });

  it('converts local date and time to the instant and back', () => {
    expect(localDateTimeToEpochMs('2020-05-15', '00:00', WITA)).toBe(Date.parse('2020-05-14T16:00:00Z'));
    expect(localDateTimeToEpochMs('2020-08-02', '23:00', WITA)).toBe(Date.parse('2020-08-02T15:00:00Z'));
    expect(localDateTimeToEpochMs('2020-08-02', '24:00', WITA)).toBe(Date.parse('2020-08-02T16:00:00Z'));
    const at = localDateTimeToEpochMs('2021-07-26', '20:59', WITA);
    const local = localDateTime(at, WITA);
    expect(local).toMatchObject({ date: '2021-07-26', hour: 20, minute: 59, second: 0, minutesOfDay: 1259 });
  });

  it('rejects malformed dates and times', () => {
    expect(() => localDateTimeToEpochMs('2020-02-30', '10:00', WITA)).toThrow(RangeError);
    expect(() => localDateTimeToEpochMs('2020-02-10', '25:00', WITA)).toThrow(RangeError);
    expect(() => localDateTimeToEpochMs('10/02/2020', '10:00', WITA)).toThrow(RangeError);
    expect(() => localMinutesOfDay(0, 'Not/AZone')).toThrow(RangeError);
  });

  it('names the Indonesian zones', () => {
    expect(timeZoneAbbreviation('Asia/Makassar')).toBe('WITA');
    expect(timeZoneAbbreviation('Asia/Jakarta')).toBe('WIB');
    expect(timeZoneAbbreviation('Asia/Jayapura')).toBe('WIT');
    expect(timeZoneAbbreviation('Europe/Paris')).toBe('Europe/Paris');
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDaysToDate('2020-12-31', 1)).toBe('2021-01-01');
    expect(addDaysToDate('2021-03-01', -1)).toBe('2021-02-28');
  });
});

describe('zones with daylight saving (no fixed offset is assumed)', () => {
  const NEW_YORK = 'America/New_York';

  it('reads the offset on each side of a transition', () => {
    // 2021-03-14 02:00 EST → 03:00 EDT, i.e. 07:00 UTC.
    expect(zoneOffsetMinutes(Date.parse('2021-03-14T06:59:59Z'), NEW_YORK)).toBe(-300);
    expect(zoneOffsetMinutes(Date.parse('2021-03-14T07:00:00Z'), NEW_YORK)).toBe(-240);
    expect(localMinutesOfDay(Date.parse('2021-03-14T06:59:00Z'), NEW_YORK)).toBe(1 * 60 + 59);
    expect(localMinutesOfDay(Date.parse('2021-03-14T07:00:00Z'), NEW_YORK)).toBe(3 * 60);
  });

  it('handles a transition that is not on a UTC hour (Newfoundland, UTC−3:30)', () => {
    // 2021-03-14 02:00 NST → 03:00 NDT, i.e. 05:30 UTC.
    expect(zoneOffsetMinutes(Date.parse('2021-03-14T05:29:00Z'), 'America/St_Johns')).toBe(-210);
    expect(zoneOffsetMinutes(Date.parse('2021-03-14T05:30:00Z'), 'America/St_Johns')).toBe(-150);
  });

  it('moves a time in the spring gap forward and takes the earlier instant in the autumn fold', () => {
    expect(localDateTimeToEpochMs('2021-03-14', '02:30', NEW_YORK)).toBe(Date.parse('2021-03-14T07:30:00Z'));
    expect(localDateTimeToEpochMs('2021-11-07', '01:30', NEW_YORK)).toBe(Date.parse('2021-11-07T05:30:00Z'));
    expect(localDateTimeToEpochMs('2021-07-01', '12:00', NEW_YORK)).toBe(Date.parse('2021-07-01T16:00:00Z'));
  });
});
