import { describe, expect, it } from 'vitest';
import { isOpenAt, openingHoursErrors, type OpeningHours } from './opening-hours.js';
import { evaluateScreening, type ScreeningAnswers } from './screening-rule.js';

const none: ScreeningAnswers = { symptoms: [], severe: false, contact: false, travel: false };

describe('self-screening on the KMK 413 suspect criteria', () => {
  it('no symptom, no contact, no travel: no action', () => {
    expect(evaluateScreening(none)).toEqual({ advice: 'none', suspect: false, criteria: [], closeContact: false, watchSymptoms: false });
  });
  it('(a) a sign of ISPA and travel from an area with local transmission: a suspect, stay home', () => {
    const r = evaluateScreening({ ...none, symptoms: ['fever'], travel: true });
    expect(r).toMatchObject({ advice: 'stay_home', suspect: true, criteria: ['a'] });
  });
  it('(b) a sign of ISPA and contact with a case: a suspect, stay home', () => {
    expect(evaluateScreening({ ...none, symptoms: ['loss_of_smell'], contact: true })).toMatchObject({ advice: 'stay_home', suspect: true, criteria: ['b'] });
    expect(evaluateScreening({ ...none, symptoms: ['cough', 'fever'], contact: true, travel: true }).criteria).toEqual(['a', 'b']);
  });
  it('(c) severe breathing trouble: emergency, whatever else', () => {
    expect(evaluateScreening({ ...none, severe: true })).toMatchObject({ advice: 'emergency', suspect: true, criteria: ['c'] });
    expect(evaluateScreening({ ...none, symptoms: ['short_breath'], severe: true, contact: true }).advice).toBe('emergency');
  });
  it('a close contact without symptoms: quarantine at home, not a suspect', () => {
    expect(evaluateScreening({ ...none, contact: true })).toEqual({ advice: 'stay_home', suspect: false, criteria: [], closeContact: true, watchSymptoms: false });
  });
  it('symptoms alone: get tested; travel alone: no action, but watch for symptoms', () => {
    expect(evaluateScreening({ ...none, symptoms: ['sore_throat'] })).toMatchObject({ advice: 'get_tested', suspect: false });
    expect(evaluateScreening({ ...none, travel: true })).toEqual({ advice: 'none', suspect: false, criteria: [], closeContact: false, watchSymptoms: true });
  });
});

describe('opening hours', () => {
  const zone = 'Asia/Makassar';
  // 2026-12-07 is a Monday; 08:00 WITA = 00:00 UTC.
  const at = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
  const weekdays = (w: { from: string; until: string } | null, weekend: { from: string; until: string } | null = null): OpeningHours => [w, w, w, w, w, weekend, weekend];

  it('open inside the day’s window, closed outside it and on a closed day', () => {
    const hours = weekdays({ from: '08:00', until: '14:00' });
    expect(isOpenAt(hours, at('2026-12-07', '08:00'), zone)).toBe(true);
    expect(isOpenAt(hours, at('2026-12-07', '13:59'), zone)).toBe(true);
    expect(isOpenAt(hours, at('2026-12-07', '14:00'), zone)).toBe(false);
    expect(isOpenAt(hours, at('2026-12-07', '07:59'), zone)).toBe(false);
    expect(isOpenAt(hours, at('2026-12-12', '10:00'), zone)).toBe(false);
  });
  it('a window past midnight counts on the next morning, not on the morning of its own day', () => {
    const hours: OpeningHours = [{ from: '22:00', until: '02:00' }, null, null, null, null, null, null];
    expect(isOpenAt(hours, at('2026-12-07', '23:00'), zone)).toBe(true);
    expect(isOpenAt(hours, at('2026-12-08', '01:00'), zone)).toBe(true);
    expect(isOpenAt(hours, at('2026-12-07', '01:00'), zone)).toBe(false);
  });
  it('round the clock', () => {
    expect(isOpenAt(weekdays({ from: '00:00', until: '24:00' }, { from: '00:00', until: '24:00' }), at('2026-12-13', '03:00'), zone)).toBe(true);
  });
  it('names the malformed times', () => {
    expect(openingHoursErrors([{ from: '8:00', until: '25:00' }, null, null, null, null, null, null])).toEqual(['hours[0].from', 'hours[0].until']);
    expect(openingHoursErrors([null])).toEqual(['hours']);
  });
});
