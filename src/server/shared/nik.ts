/*
 * The Indonesian NIK (Nomor Induk Kependudukan), used by tracing (cases) and enforcement (violations, border checks):
 * 16 digits = province (2) kota/kabupaten (2) kecamatan (2), birth date DDMMYY (women: day + 40), serial (4).
 */

/** BPS province codes (first two NIK digits). */
const PROVINCES = new Set(['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36', '51', '52', '53', '61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76', '81', '82', '91', '92', '93', '94', '95', '96']);

export type NikProblem = 'format' | 'region' | 'birthDate';

/** A NIK as typed (spaces, dots and dashes between digit groups are common on forms) reduced to its digits. */
export function normalizeNik(typed: string): string {
  return typed.replace(/[\s.-]/g, '');
}

/** The problem found, or null when the NIK is plausible. `today` (YYYY-MM-DD) decides the century. */
export function nikProblem(nik: string, today: string): NikProblem | null {
  if (!/^\d{16}$/.test(nik)) return 'format';
  if (!PROVINCES.has(nik.slice(0, 2)) || nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') return 'region';
  let day = Number(nik.slice(6, 8));
  if (day > 40) day -= 40;
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const currentYy = Number(today.slice(2, 4));
  const year = (yy <= currentYy ? 2000 : 1900) + yy;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'birthDate';
  const iso = date.toISOString().slice(0, 10);
  if (iso > today) return 'birthDate';
  if (nik.slice(12) === '0000') return 'format';
  return null;
}

/** Where a (plausible) NIK was issued: the BPS province code and the kota/kabupaten code within it (4 digits). */
export function nikOrigin(nik: string): { provinceCode: string; regencyCode: string } {
  return { provinceCode: nik.slice(0, 2), regencyCode: nik.slice(0, 4) };
}

/** The validation message of a NIK problem (the catalogue's `validation.*` keys). */
export function nikMessageKey(problem: NikProblem): 'validation.nikFormat' | 'validation.nikRegion' | 'validation.nikBirthDate' {
  return problem === 'format' ? 'validation.nikFormat' : problem === 'region' ? 'validation.nikRegion' : 'validation.nikBirthDate';
}
