export const REGION_TYPES = ['provinsi', 'kota', 'kabupaten', 'kecamatan', 'desa', 'kelurahan', 'banjar', 'desa_adat', 'banjar_adat'] as const;
export type RegionType = (typeof REGION_TYPES)[number];

/** GeoJSON levels offered by the API and the region types each draws. */
export const GEO_LEVELS = {
  kota: ['kota', 'kabupaten'],
  kecamatan: ['kecamatan'],
  village: ['desa', 'kelurahan'],
} as const satisfies Record<string, readonly RegionType[]>;
export type GeoLevel = keyof typeof GEO_LEVELS;

export function isVillage(type: string): boolean {
  return type === 'desa' || type === 'kelurahan';
}
