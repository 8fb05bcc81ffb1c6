import { describe, expect, it } from 'vitest';
import { openingStatus, windowShape, type OpeningFacts } from './opening-status.js';

const facts = (over: Partial<OpeningFacts>): OpeningFacts => ({ open: false, closed: false, localTime: '12:00', windows: [], venueHoursKnown: true, ...over });
const w = (from: string, until: string, crossesMidnight = false) => ({ from, until, crossesMidnight });

describe('openingStatus', () => {
  it('open inside a window says when it closes', () => {
    expect(openingStatus(facts({ open: true, localTime: '10:00', windows: [w('08:00', '20:00')] }))).toEqual({ state: 'open', closesAt: '20:00' });
  });

  it('open with no time limit or round the clock has no closing time', () => {
    expect(openingStatus(facts({ open: true, windows: [] }))).toEqual({ state: 'open', closesAt: null });
    expect(openingStatus(facts({ open: true, windows: [w('00:00', '24:00')] }))).toEqual({ state: 'open', closesAt: null });
  });

  it('a window closing at midnight closes at 24:00, and one crossing midnight closes after it', () => {
    expect(openingStatus(facts({ open: true, localTime: '23:59', windows: [w('18:00', '24:00')] }))).toEqual({ state: 'open', closesAt: '24:00' });
    expect(openingStatus(facts({ open: true, localTime: '01:00', windows: [w('22:00', '02:00', true)] }))).toEqual({ state: 'open', closesAt: '02:00' });
  });

  it('after a midnight closing the venue reopens tomorrow at its opening time', () => {
    expect(openingStatus(facts({ localTime: '00:30', windows: [w('18:00', '24:00')] }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'today', at: '18:00' } });
  });

  it('before opening it reopens today; after closing tomorrow', () => {
    expect(openingStatus(facts({ localTime: '07:00', windows: [w('08:00', '20:00')] }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'today', at: '08:00' } });
    expect(openingStatus(facts({ localTime: '21:00', windows: [w('08:00', '20:00')] }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'tomorrow', at: '08:00' } });
  });

  it('a red zone closing earlier (rules ∩ venue hours 08:00–16:00) reopens tomorrow at the venue opening', () => {
    expect(openingStatus(facts({ localTime: '17:00', windows: [w('08:00', '16:00')] }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'tomorrow', at: '08:00' } });
  });

  it('of two windows the next to start is given', () => {
    const windows = [w('06:00', '10:00'), w('16:00', '21:00')];
    expect(openingStatus(facts({ localTime: '12:00', windows }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'today', at: '16:00' } });
    expect(openingStatus(facts({ localTime: '22:00', windows }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'tomorrow', at: '06:00' } });
  });

  it('closed all day (by a rule, or no window in common) gives no time', () => {
    expect(openingStatus(facts({ closed: true, windows: [w('08:00', '20:00')] }))).toEqual({ state: 'closed', reason: 'closed_by_rule', reopens: null });
    expect(openingStatus(facts({ windows: [] }))).toEqual({ state: 'closed', reason: 'no_window', reopens: null });
  });

  it('a closing-time rule with no venue known reopens tomorrow by the venue hours, not at 00:00', () => {
    expect(openingStatus(facts({ localTime: '22:00', windows: [w('00:00', '21:00')], venueHoursKnown: false }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'tomorrow', at: null } });
    // A venue open round the clock under that rule does reopen at midnight.
    expect(openingStatus(facts({ localTime: '22:00', windows: [w('00:00', '21:00')], venueHoursKnown: true }))).toEqual({ state: 'closed', reason: 'outside_window', reopens: { day: 'tomorrow', at: '00:00' } });
  });

  it('refuses a malformed time', () => {
    expect(() => openingStatus(facts({ localTime: '9:00' }))).toThrow(RangeError);
  });
});

describe('windowShape', () => {
  it('reads a window from midnight as a closing time, to midnight as an opening time', () => {
    expect(windowShape(w('00:00', '20:00'))).toEqual({ kind: 'closes_at', until: '20:00' });
    expect(windowShape(w('06:00', '24:00'))).toEqual({ kind: 'opens_at', from: '06:00' });
    expect(windowShape(w('00:00', '24:00'))).toEqual({ kind: 'all_day' });
    expect(windowShape(w('22:00', '02:00', true))).toEqual({ kind: 'between', from: '22:00', until: '02:00', crossesMidnight: true });
    expect(windowShape(w('08:00', '20:00'))).toEqual({ kind: 'between', from: '08:00', until: '20:00', crossesMidnight: false });
  });
});
