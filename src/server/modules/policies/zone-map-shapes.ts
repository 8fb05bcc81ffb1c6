/*
 * The public zone page's map (GET /zona) as plain SVG path data, drawn by the server from the desa/kelurahan
 * boundaries: a visitor needs the colours and a link per desa, not panning or tiles (issue #17). The boundaries do
 * not change between requests, so the path data is made once per boundaries text (zoneMapShapesCache).
 */

type Ring = number[][];

interface BoundaryFeature {
  properties: { code: string; name: string };
  geometry: { type: string; coordinates: unknown } | null;
}

export interface ZoneMapShape {
  code: string;
  name: string;
  /** SVG path data in the map's plane. */
  d: string;
}

export interface ZoneMapShapes {
  shapes: ZoneMapShape[];
  viewBox: string;
}

/**
 * Outlines as SVG path data, in a plane where one unit is about a metre's worth of a degree (longitudes shrunk by the
 * cosine of the city's latitude, so Denpasar keeps its shape; a city is small enough for that to be exact enough).
 */
export function zoneMapShapes(features: readonly BoundaryFeature[]): ZoneMapShapes {
  const polygons = features.map((f) => {
    const g = f.geometry;
    const rings: Ring[] = g?.type === 'Polygon' ? (g.coordinates as Ring[]) : g?.type === 'MultiPolygon' ? (g.coordinates as Ring[][]).flat() : [];
    return { code: f.properties.code, name: f.properties.name, rings };
  });
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { rings } of polygons) {
    for (const ring of rings) {
      for (const [lon = 0, lat = 0] of ring) {
        minX = Math.min(minX, lon);
        maxX = Math.max(maxX, lon);
        minY = Math.min(minY, lat);
        maxY = Math.max(maxY, lat);
      }
    }
  }
  if (!Number.isFinite(minX)) return { shapes: [], viewBox: '0 0 1 1' };
  const cos = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = 1000 / Math.max((maxX - minX) * cos, maxY - minY);
  const x = (lon: number) => ((lon - minX) * cos * scale).toFixed(1);
  const y = (lat: number) => ((maxY - lat) * scale).toFixed(1);
  const shapes = polygons
    .filter(({ rings }) => rings.length > 0)
    .map(({ code, name, rings }) => ({
      code,
      name,
      d: rings.map((ring) => 'M' + ring.map(([lon = 0, lat = 0]) => `${x(lon)} ${y(lat)}`).join('L') + 'Z').join(''),
    }));
  return { shapes, viewBox: `-6 -6 ${((maxX - minX) * cos * scale + 12).toFixed(0)} ${((maxY - minY) * scale + 12).toFixed(0)}` };
}

/**
 * The shapes of a boundaries text (a GeoJSON FeatureCollection), made again only when the text changes: the regions
 * module keeps the text per level, so in practice once per process.
 */
export function zoneMapShapesCache(boundaries: () => Promise<string>): () => Promise<ZoneMapShapes> {
  let cached: { source: string; shapes: ZoneMapShapes } | null = null;
  return async () => {
    const source = await boundaries();
    if (cached?.source !== source) {
      const collection = JSON.parse(source) as { features?: BoundaryFeature[] };
      cached = { source, shapes: zoneMapShapes(collection.features ?? []) };
    }
    return cached.shapes;
  };
}
