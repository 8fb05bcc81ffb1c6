import { describe, expect, it } from 'vitest';
import { DEFAULT_TRACING_SETTINGS as S, isolationEnd, nikProblem, tracingWindow } from './tracing.rules.js';

describe('NIK validation', () => {
  it('accepts a plausible Denpasar NIK, men and women', () => {
    expect(nikProblem('5171011708850001', '2026-11-29')).toBeNull();
    expect(nikProblem('5171015708850002', '2026-11-29')).toBeNull(); // woman: 17 + 40
  });
  it('refuses wrong length, letters, unknown province, zero kota/kecamatan, impossible or future birth dates', () => {
    expect(nikProblem('517101170885001', '2026-11-29')).toBe('format');
    expect(nikProblem('51710117088500a1', '2026-11-29')).toBe('format');
    expect(nikProblem('9971011708850001', '2026-11-29')).toBe('region');
    expect(nikProblem('5100011708850001', '2026-11-29')).toBe('region');
    expect(nikProblem('5171001708850001', '2026-11-29')).toBe('region');
    expect(nikProblem('5171013202850001', '2026-11-29')).toBe('birthDate');
    expect(nikProblem('5171017102850001', '2026-11-29')).toBe('birthDate'); // woman, 31 Feb
    expect(nikProblem('5171011713850001', '2026-11-29')).toBe('birthDate');
    expect(nikProblem('5171013012260001', '2026-11-29')).toBe('birthDate'); // 30 Dec 2026: future
    expect(nikProblem('5171011708850000', '2026-11-29')).toBe('format');
  });
});

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
