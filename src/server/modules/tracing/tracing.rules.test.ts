import { describe, expect, it } from 'vitest';
import { DEFAULT_TRACING_SETTINGS as S, isolationEnd, tracingWindow } from './tracing.rules.js';

describe('isolation end and tracing window', () => {
  it('10 days from the specimen date when asymptomatic, 10 + 3 from onset when symptomatic', () => {
    expect(isolationEnd({ category: 'konfirmasi_asimptomatik', onsetDate: null, specimenDate: '2026-11-20', isolationStart: '2026-11-21' }, S, '2026-11-29')).toBe('2026-11-30');
    expect(isolationEnd({ category: 'konfirmasi_simptomatik', onsetDate: '2026-11-20', specimenDate: '2026-11-22', isolationStart: null }, S, '2026-11-29')).toBe('2026-12-03');
    expect(isolationEnd({ category: 'konfirmasi_simptomatik', onsetDate: '2026-11-20', specimenDate: null, isolationStart: null }, { ...S, symptomFreeExtraDays: 0 }, '2026-11-29')).toBe('2026-11-30');
  });
  it('the window runs from local midnight two days before onset to the end of the isolation start day', () => {
    const w = tracingWindow({ category: 'konfirmasi_simptomatik', onsetDate: '2026-11-20', specimenDate: null, isolationStart: '2026-11-22' }, S, '2026-11-29', Date.parse('2026-11-29T00:00:00Z'), 'Asia/Makassar');
    expect(new Date(w.start).toISOString()).toBe('2026-11-17T16:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    const open = tracingWindow({ category: 'konfirmasi_simptomatik', onsetDate: '2026-11-27', specimenDate: null, isolationStart: null }, S, '2026-11-29', Date.parse('2026-11-29T02:00:00Z'), 'Asia/Makassar');
    expect(open.end).toBe(Date.parse('2026-11-29T02:00:00Z'));
  });
});
