import path from 'node:path';
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import { DENPASAR_DATA_DIR } from '../../shared/paths.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { importRegions, type RegionImportResult } from './regions.import.js';
import {
  countRegions,
  findRegion,
  findRegionSummaries,
  insertRegion,
  listOverlaps,
  listRegionGeometries,
  listRegionSummaries,
  listRootCodes,
} from './regions.repository.js';
import { GEO_LEVELS, type GeoLevel } from './regions.types.js';
import { regionAncestry } from './region-codes.js';

export interface RegionSummary {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
}

export interface RegionDetail extends RegionSummary {
  population: number | null;
  centroid: { lat: number; lon: number } | null;
  ancestors: { code: string; name: string; type: string }[];
  overlaps: { code: string; name: string; type: string }[];
}

const toSummary = (r: { code: string; name: string; type: string; parent_code: string | null }): RegionSummary => ({
  code: r.code,
  name: r.name,
  type: r.type,
  parentCode: r.parent_code,
});

export function denpasarImportFiles() {
  return {
    regionsCsv: path.join(DENPASAR_DATA_DIR, 'regions.csv'),
    geojsonFiles: ['denpasar_kota.geojson', 'denpasar_kecamatan.geojson', 'denpasar_desa.geojson'].map((f) => path.join(DENPASAR_DATA_DIR, f)),
    adatCsv: path.join(DENPASAR_DATA_DIR, 'desa_adat.csv'),
  };
}

/** Loads Denpasar's shipped regions into an empty database (first start, fresh test databases). */
export async function ensureDefaultRegions(db: Db, clock: Clock): Promise<RegionImportResult | null> {
  if ((await countRegions(db)) > 0) return null;
  return importRegions(db, denpasarImportFiles(), clock.now());
}

export function createRegionsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  // Boundaries are large and change only on import or admin edits: serve them from memory.
  const geoCache = new Map<GeoLevel, string>();

  async function requireRegion(code: string) {
    const region = await findRegion(db, code);
    if (!region) throw problems.notFound('regionNotFound.detail', { code });
    return region;
  }

  return {
    requireRegion,

    /** Whether a desa adat lies (wholly or partly) in a desa/kelurahan, by the overlaps the region import recorded. */
    async adatOverlapsVillage(adatCode: string, villageCode: string): Promise<boolean> {
      return (await listOverlaps(db, adatCode)).some((o) => o.adat_code === adatCode && o.village_code === villageCode);
    },

    list(filter: { parentCode?: string; type?: string }): Promise<RegionSummary[]> {
      return listRegionSummaries(db, { parentCode: filter.parentCode, types: filter.type ? [filter.type] : undefined }).then((rows) =>
        rows.map(toSummary),
      );
    },

    /** The desa and kelurahan by name, as the public pages' desa selects list them. */
    async villages(): Promise<{ code: string; name: string }[]> {
      const rows = await listRegionSummaries(db, { types: ['desa', 'kelurahan'] });
      return rows.map((r) => ({ code: r.code, name: r.name })).sort((a, b) => a.name.localeCompare(b.name, 'id'));
    },

    async get(code: string): Promise<RegionDetail> {
      const region = await requireRegion(code);
      const ancestorCodes = regionAncestry(code).slice(1);
      const ancestors = (await findRegionSummaries(db, ancestorCodes)).sort((a, b) => a.code.length - b.code.length);
      const overlapRows = await listOverlaps(db, code);
      const otherCodes = overlapRows.map((o) => (o.adat_code === code ? o.village_code : o.adat_code));
      const overlaps = await findRegionSummaries(db, otherCodes);
      return {
        ...toSummary(region),
        population: region.population,
        centroid: region.centroid_lat !== null && region.centroid_lon !== null ? { lat: region.centroid_lat, lon: region.centroid_lon } : null,
        ancestors: ancestors.map(({ code: c, name, type }) => ({ code: c, name, type })),
        overlaps: overlaps.map(({ code: c, name, type }) => ({ code: c, name, type })),
      };
    },

    /** A GeoJSON FeatureCollection as JSON text, cached per level. */
    async geojson(level: GeoLevel): Promise<string> {
      const cached = geoCache.get(level);
      if (cached) return cached;
      const rows = await listRegionGeometries(db, [...GEO_LEVELS[level]]);
      const features = rows.map(
        (r) =>
          `{"type":"Feature","properties":${JSON.stringify({ code: r.code, name: r.name, type: r.type, parentCode: r.parent_code })},"geometry":${r.geometry}}`,
      );
      const text = `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
      geoCache.set(level, text);
      return text;
    },

    rootCodes: () => listRootCodes(db),

    /** Administrators add banjar/lingkungan under a desa or kelurahan (banjar adat under a desa adat). */
    async addSubdivision(ctx: RequestContext, input: { name: string; parentCode: string; code?: string }): Promise<{ code: string }> {
      ctx.principal?.require('regions:manage', input.parentCode);
      const parent = await requireRegion(input.parentCode);
      const type = parent.type === 'desa_adat' ? 'banjar_adat' : parent.type === 'desa' || parent.type === 'kelurahan' ? 'banjar' : null;
      if (!type) {
        throw problems.validation([{ field: 'parentCode', messageKey: 'validation.invalid' }]);
      }
      let code = input.code;
      if (code === undefined) {
        const siblings = await listRegionSummaries(db, { parentCode: parent.code });
        const serials = siblings.map((s) => Number(s.code.slice(parent.code.length + 1))).filter(Number.isInteger);
        code = `${parent.code}.${String(Math.max(0, ...serials) + 1).padStart(3, '0')}`;
      } else if (!code.startsWith(parent.code + '.') || code.slice(parent.code.length + 1).includes('.')) {
        throw problems.validation([{ field: 'code', messageKey: 'validation.pattern' }]);
      }
      const newCode = code;
      if (await findRegion(db, newCode)) throw problems.conflict('region-exists', 'regionExists.detail', { code: newCode });
      await db.transaction().execute(async (trx) => {
        await insertRegion(trx, {
          code: newCode,
          name: input.name,
          type,
          parent_code: parent.code,
          population: null,
          population_source: null,
          geometry: null,
          centroid_lat: null,
          centroid_lon: null,
          notes: null,
          source: null,
          created_at: clock.now(),
        });
        await recordAudit(trx, clock, ctx, { action: 'region.create', entityType: 'region', entityId: newCode, regionCode: newCode, details: { name: input.name, type } });
      });
      return { code: newCode };
    },
  };
}

export type RegionsService = ReturnType<typeof createRegionsService>;
