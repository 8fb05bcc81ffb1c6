import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/kysely.js';
import { replaceOverlaps, upsertRegion } from './regions.repository.js';
import type { RegionsTable } from './regions.table.js';
import { REGION_TYPES, type RegionType } from './regions.types.js';

/**
 * Imports a city's regions from the reference format shipped in data/<city>/ (see data/README.md):
 *   regions.csv   code,name,type,parent_code,population,population_source
 *   *.geojson     features whose properties.code matches a region; geometry stored, centroid taken from
 *                 properties.centroid_lat/centroid_lng when present
 *   desa_adat.csv code,name,parent_code,kecamatan_code,overlaps,overlap_basis,notes,source (optional)
 * Codes must be hierarchical: a child's code extends its parent's code by a dot.
 */
export interface RegionImportFiles {
  regionsCsv: string;
  geojsonFiles: string[];
  adatCsv?: string;
}

export interface RegionImportResult {
  regions: number;
  boundaries: number;
  desaAdat: number;
}

export class RegionImportError extends Error {}

interface GeoFeature {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

function csvRows(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
}

function optionalNumber(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export async function importRegions(db: Db, files: RegionImportFiles, now: number): Promise<RegionImportResult> {
  const rows = csvRows(files.regionsCsv);
  const byCode = new Map<string, RegionsTable>();
  for (const [i, r] of rows.entries()) {
    const line = i + 2;
    const code = r.code ?? '';
    const type = r.type ?? '';
    if (!code || !r.name) throw new RegionImportError(`${files.regionsCsv}:${line}: code and name are required`);
    if (!(REGION_TYPES as readonly string[]).includes(type)) {
      throw new RegionImportError(`${files.regionsCsv}:${line}: unknown type "${type}" (expected ${REGION_TYPES.join(', ')})`);
    }
    byCode.set(code, {
      code,
      name: r.name,
      type,
      parent_code: r.parent_code || null,
      population: optionalNumber(r.population),
      population_source: r.population_source || null,
      geometry: null,
      centroid_lat: null,
      centroid_lon: null,
      notes: null,
      source: null,
      created_at: now,
    });
  }

  let boundaries = 0;
  for (const file of files.geojsonFiles) {
    const fc = JSON.parse(readFileSync(file, 'utf8')) as { features?: GeoFeature[] };
    for (const f of fc.features ?? []) {
      const code = typeof f.properties?.code === 'string' ? f.properties.code : undefined;
      const region = code ? byCode.get(code) : undefined;
      if (!region || !f.geometry) continue;
      region.geometry = JSON.stringify(f.geometry);
      const lat = f.properties?.centroid_lat;
      const lon = f.properties?.centroid_lng ?? f.properties?.centroid_lon;
      region.centroid_lat = typeof lat === 'number' ? lat : null;
      region.centroid_lon = typeof lon === 'number' ? lon : null;
      boundaries++;
    }
  }

  const adatRows = files.adatCsv ? csvRows(files.adatCsv) : [];
  const overlaps = new Map<string, { village: string; basis: string }[]>();
  for (const [i, r] of adatRows.entries()) {
    const code = r.code ?? '';
    if (!code || !r.name) throw new RegionImportError(`${files.adatCsv}:${i + 2}: code and name are required`);
    byCode.set(code, {
      code,
      name: r.name,
      type: 'desa_adat' satisfies RegionType,
      parent_code: r.parent_code || null,
      population: null,
      population_source: null,
      geometry: null,
      centroid_lat: null,
      centroid_lon: null,
      notes: r.notes || null,
      source: r.source || null,
      created_at: now,
    });
    const villages = (r.overlaps ?? '').split(/[;\s]+/).filter(Boolean);
    overlaps.set(code, villages.map((village) => ({ village, basis: r.overlap_basis || 'stated' })));
  }

  // Roots: a parent that is not in the file (e.g. the province above a city) is not stored.
  for (const region of byCode.values()) {
    if (region.parent_code && !byCode.has(region.parent_code)) region.parent_code = null;
    if (region.parent_code && !region.code.startsWith(region.parent_code + '.')) {
      throw new RegionImportError(`region ${region.code} does not extend its parent's code ${region.parent_code}`);
    }
  }
  for (const [adat, list] of overlaps) {
    for (const { village } of list) {
      if (!byCode.has(village)) throw new RegionImportError(`desa adat ${adat} overlaps unknown region ${village}`);
    }
  }

  // Parents before children, so foreign keys hold on both dialects.
  const ordered = [...byCode.values()].sort((a, b) => a.code.split('.').length - b.code.split('.').length || a.code.localeCompare(b.code));
  await db.transaction().execute(async (trx) => {
    for (const region of ordered) await upsertRegion(trx, region);
    for (const [adat, list] of overlaps) {
      await replaceOverlaps(trx, adat, list.map(({ village, basis }) => ({ adat_code: adat, village_code: village, basis })));
    }
  });
  return { regions: byCode.size, boundaries, desaAdat: adatRows.length };
}
