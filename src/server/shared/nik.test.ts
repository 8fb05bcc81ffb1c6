import { describe, expect, it } from 'vitest';
import { nikOrigin, nikProblem, normalizeNik } from './nik.js';

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

describe('NIK normalising and origin', () => {
  it('keeps the digits of a NIK typed in groups', () => {
    expect(normalizeNik('5171 0117 0885 0001')).toBe('5171011708850001');
    expect(normalizeNik('51.71.01-170885-0001')).toBe('5171011708850001');
  });
  it('reads the province and kota/kabupaten of issue from the first digits', () => {
    expect(nikOrigin('5171011708850001')).toEqual({ provinceCode: '51', regencyCode: '5171' });
    expect(nikOrigin('3578011708850001')).toEqual({ provinceCode: '35', regencyCode: '3578' });
  });
});
