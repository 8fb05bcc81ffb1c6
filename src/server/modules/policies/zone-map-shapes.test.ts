import { describe, expect, it } from 'vitest';
import { zoneMapShapes, zoneMapShapesCache } from './zone-map-shapes.js';

const square = (code: string, lon: number, lat: number) => ({
  properties: { code, name: `Desa ${code}` },
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]] },
});

describe('the zone map as SVG path data', () => {
  it('fits the outlines in a plane with north up and keeps a desa with several parts as one path', () => {
    const { shapes, viewBox } = zoneMapShapes([
      square('a', 115.2, -8.7),
      { properties: { code: 'b', name: 'Desa b' }, geometry: { type: 'MultiPolygon', coordinates: [square('', 115.21, -8.7).geometry.coordinates, square('', 115.21, -8.69).geometry.coordinates] } },
      { properties: { code: 'c', name: 'Desa c' }, geometry: null },
    ]);
    expect(shapes.map((s) => s.code)).toEqual(['a', 'b']);
    expect(shapes[1]!.d.match(/M/g)).toHaveLength(2);
    // The northernmost point is at y 0, the southernmost at y 1000 (the plane's longer side).
    expect(shapes[0]!.d.startsWith('M0.0 1000.0L')).toBe(true);
    expect(viewBox).toMatch(/^-6 -6 \d+ 1012$/);
    expect(zoneMapShapes([])).toEqual({ shapes: [], viewBox: '0 0 1 1' });
  });

  it('makes the path data again only when the boundaries change', async () => {
    let text = JSON.stringify({ type: 'FeatureCollection', features: [square('a', 115.2, -8.7)] });
    const shapesOf = zoneMapShapesCache(async () => text);
    const first = await shapesOf();
    expect(await shapesOf()).toBe(first);
    text = JSON.stringify({ type: 'FeatureCollection', features: [square('a', 115.2, -8.7), square('b', 115.21, -8.7)] });
    expect((await shapesOf()).shapes).toHaveLength(2);
  });
});
