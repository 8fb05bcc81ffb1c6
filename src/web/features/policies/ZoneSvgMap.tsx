// The public zone page's map: the 43 desa/kelurahan as one plain SVG in their zone colour, without Leaflet. A visitor
// needs the colours and a click to choose a desa, not panning or tiles; Leaflet's 38 KB, its stylesheet and drawing
// the layer were most of the page's blocking time on a cheap phone (issue #17, Lighthouse total blocking time). The
// staff zone page keeps the Leaflet map (ZoneMap.tsx). Same classes and data attributes as ZoneMap's polygons.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RegionFeatureCollection } from '../../api/types';
import { Alert } from '../../components/Alert';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { ZONE_FILL, zoneLabel } from './labels';
import type { ZoneMapProps } from './ZoneMap';

type Ring = number[][];

interface Shape {
  code: string;
  name: string;
  d: string;
}

/**
 * Outlines as SVG path data, in a plane where one unit is about a metre's worth of a degree (longitudes shrunk by the
 * cosine of the city's latitude, so Denpasar keeps its shape; a city is small enough for that to be exact enough).
 */
export function svgShapes(data: RegionFeatureCollection): { shapes: Shape[]; viewBox: string } {
  const polygons = data.features.map((f) => {
    const g = f.geometry;
    const rings: Ring[] = g?.type === 'Polygon' ? (g.coordinates as Ring[]) : g?.type === 'MultiPolygon' ? (g.coordinates as Ring[][]).flat() : [];
    return { code: f.properties.code, name: f.properties.name, rings };
  });
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const { rings } of polygons) for (const ring of rings) for (const [lon = 0, lat = 0] of ring) {
    minX = Math.min(minX, lon); maxX = Math.max(maxX, lon); minY = Math.min(minY, lat); maxY = Math.max(maxY, lat);
  }
  if (!Number.isFinite(minX)) return { shapes: [], viewBox: '0 0 1 1' };
  const cos = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = 1000 / Math.max((maxX - minX) * cos, maxY - minY);
  const x = (lon: number) => ((lon - minX) * cos * scale).toFixed(1);
  const y = (lat: number) => ((maxY - lat) * scale).toFixed(1);
  const shapes = polygons.map(({ code, name, rings }) => ({
    code,
    name,
    d: rings.map((ring) => 'M' + ring.map(([lon = 0, lat = 0]) => `${x(lon)} ${y(lat)}`).join('L') + 'Z').join(''),
  }));
  return { shapes, viewBox: `-6 -6 ${((maxX - minX) * cos * scale + 12).toFixed(0)} ${((maxY - minY) * scale + 12).toFixed(0)}` };
}

export default function ZoneSvgMap({ zones, selectedCode, onSelect }: ZoneMapProps) {
  const { t } = useTranslation();
  const geo = useAsync((signal) => api.regionGeoJson('village', signal), []);
  const { shapes, viewBox } = useMemo(() => (geo.data ? svgShapes(geo.data) : { shapes: [], viewBox: '0 0 1 1' }), [geo.data]);
  const byCode = useMemo(() => new Map((zones ?? []).map((z) => [z.regionCode, z])), [zones]);
  // The chosen desa last, so its dark outline is drawn over its neighbours'.
  const ordered = useMemo(() => [...shapes].sort((a, b) => Number(a.code === selectedCode) - Number(b.code === selectedCode)), [shapes, selectedCode]);

  return (
    <div className="map-wrap">
      <div className="zone-map zone-map--svg" data-testid="zone-map" role="region" aria-label={t('policies.public.map')}>
        {shapes.length > 0 && (
          <svg viewBox={viewBox} role="img" aria-label={t('policies.public.map')}>
            {ordered.map(({ code, name, d }) => {
              const zone = byCode.get(code);
              const selected = code === selectedCode;
              return (
                <path
                  key={code}
                  d={d}
                  className={selected ? 'zone-polygon is-selected' : 'zone-polygon'}
                  data-code={code}
                  data-colour={zone?.colour ?? 'unknown'}
                  fill={zone ? ZONE_FILL[zone.colour] : '#cfd8d6'}
                  stroke={selected ? '#0b1f1d' : '#ffffff'}
                  strokeWidth={selected ? 3.5 : 1.5}
                  strokeLinejoin="round"
                  onClick={() => onSelect(code)}
                >
                  <title>{zone ? `${zone.name}: ${zoneLabel(zone.colour, t)} · ${t('policies.public.activeCases', { count: zone.activeCases })}` : name}</title>
                </path>
              );
            })}
          </svg>
        )}
        <p className="zone-map-attribution">{t('regions.boundaryAttribution')}</p>
      </div>
      {geo.error !== undefined && <Alert kind="error">{errorMessage(geo.error, t)}</Alert>}
    </div>
  );
}
