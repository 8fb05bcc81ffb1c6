import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../../db/kysely.js';
import { regionGeometries } from './venues.read-model.js';

/*
 * Which desa/kelurahan contains a point. The 43 boundaries are loaded once per service and kept in memory with their
 * bounding boxes (they change only on a region import). Points on a shared border count as inside both neighbours.
 */

interface VillageShape {
  code: string;
  name: string;
  type: string;
  geometry: Polygon | MultiPolygon;
  bbox: [minLon: number, minLat: number, maxLon: number, maxLat: number];
}

export interface LocatedVillage {
  code: string;
  name: string;
  type: string;
}

function boundingBox(geometry: Polygon | MultiPolygon): VillageShape['bbox'] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const ring of rings) {
    for (const [lon = 0, lat = 0] of ring) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

export function createVenueLocator(db: Db) {
  let shapes: Promise<VillageShape[]> | undefined;

  function load(): Promise<VillageShape[]> {
    shapes ??= regionGeometries(db, ['desa', 'kelurahan'])
      .then((rows) =>
        rows.flatMap((r): VillageShape[] => {
          const geometry = JSON.parse(r.geometry) as { type: string };
          if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return [];
          const shape = geometry as Polygon | MultiPolygon;
          return [{ code: r.code, name: r.name, type: r.type, geometry: shape, bbox: boundingBox(shape) }];
        }),
      )
      .catch((err: unknown) => {
        shapes = undefined; // try again next time rather than caching a failure
        throw err;
      });
    return shapes;
  }

  function contains(shape: VillageShape, lat: number, lon: number): boolean {
    const [minLon, minLat, maxLon, maxLat] = shape.bbox;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) return false;
    return booleanPointInPolygon([lon, lat], shape.geometry);
  }

  return {
    /** Every desa/kelurahan whose polygon contains the point (usually one; two on a shared border). */
    async villagesAt(lat: number, lon: number): Promise<LocatedVillage[]> {
      return (await load()).filter((s) => contains(s, lat, lon)).map(({ code, name, type }) => ({ code, name, type }));
    },

    /** Whether the region has a boundary at all (a desa without one cannot be checked, so any point is accepted). */
    async hasBoundary(code: string): Promise<boolean> {
      return (await load()).some((s) => s.code === code);
    },

    /** Forget the cached boundaries (after a region import). */
    reset(): void {
      shapes = undefined;
    },
  };
}

export type VenueLocator = ReturnType<typeof createVenueLocator>;
