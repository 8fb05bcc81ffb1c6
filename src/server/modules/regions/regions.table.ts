export interface RegionsTable {
  code: string;
  name: string;
  type: string;
  parent_code: string | null;
  population: number | null;
  population_source: string | null;
  /** GeoJSON geometry as text; null where no boundary is known (banjar, desa adat). */
  geometry: string | null;
  centroid_lat: number | null;
  centroid_lon: number | null;
  notes: string | null;
  source: string | null;
  created_at: number;
}

export interface RegionOverlapsTable {
  adat_code: string;
  village_code: string;
  /** Why the overlap is known: 'stated' by a source or 'name_match'. */
  basis: string;
}
