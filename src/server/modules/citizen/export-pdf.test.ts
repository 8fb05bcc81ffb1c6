import { describe, expect, it } from 'vitest';
import { readableRegionName } from './export-pdf.js';

describe('regions as people name them in the export', () => {
  it('puts the type word before the name unless the name already has it', () => {
    expect(readableRegionName({ name: 'Kota Denpasar', type: 'kota' })).toBe('Kota Denpasar');
    expect(readableRegionName({ name: 'Denpasar Selatan', type: 'kecamatan' })).toBe('Kecamatan Denpasar Selatan');
    expect(readableRegionName({ name: 'Serangan', type: 'kelurahan' })).toBe('Kelurahan Serangan');
    expect(readableRegionName({ name: 'Dauh Puri Kaja', type: 'desa' })).toBe('Desa Dauh Puri Kaja');
    expect(readableRegionName({ name: 'Desa Adat Kesiman', type: 'desa_adat' })).toBe('Desa Adat Kesiman');
    expect(readableRegionName({ name: 'Kesiman', type: 'desa_adat' })).toBe('Desa Adat Kesiman');
    expect(readableRegionName({ name: 'Banjar Kaja', type: 'banjar' })).toBe('Banjar Kaja');
    expect(readableRegionName({ name: 'Somewhere', type: 'unknown' })).toBe('Somewhere');
  });
});
