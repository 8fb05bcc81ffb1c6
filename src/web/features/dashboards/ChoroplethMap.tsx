// Loaded lazily (Leaflet): the zone map of a dashboard level as a GeoJSON layer over the shipped boundaries, with no
// tile server. A click on an area opens its dashboard (the next drill-down level).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import type { FeatureCollection, Geometry } from 'geojson';
import 'leaflet/dist/leaflet.css';
import { api } from '../../api/client';
import type { RegionFeatureProperties } from '../../api/types';
import { Alert } from '../../components/Alert';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { textTooltip, useCityMap } from '../../lib/useCityMap';
import { ZONE_FILL, zoneLabel } from '../policies/labels';
import type { Panel } from './api';

export interface ChoroplethMapProps {
  panel: Panel;
  /** The boundaries' level: kecamatan under the city, desa/kelurahan below. */
  level: 'kecamatan' | 'village';
  label: string;
  onSelect?: (code: string) => void;
}

export default function ChoroplethMap({ panel, level, label, onSelect }: ChoroplethMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);
  const geo = useAsync((signal) => api.regionGeoJson(level, signal), [level]);
  const mapRef = useCityMap(element, { maxZoom: 17 });

  useEffect(() => {
    const map = mapRef.current;
    const data = geo.data as FeatureCollection<Geometry, RegionFeatureProperties> | undefined;
    if (!map || !data) return;
    const rows = new Map(panel.rows.map((r) => [String(r[0]), r]));
    const features = { ...data, features: data.features.filter((f) => rows.has(f.properties.code)) };
    const layer = L.geoJSON<RegionFeatureProperties>(features, {
      style: (feature) => {
        const colour = rows.get(feature?.properties.code ?? '')?.[2];
        return { color: '#ffffff', weight: 1.5, fillColor: typeof colour === 'string' && colour in ZONE_FILL ? ZONE_FILL[colour as keyof typeof ZONE_FILL] : '#cfd8d6', fillOpacity: 0.85 };
      },
      onEachFeature: (feature, featureLayer) => {
        const row = rows.get(feature.properties.code);
        const path = featureLayer as L.Path;
        path.bindTooltip(textTooltip(`${feature.properties.name}: ${zoneLabel(typeof row?.[2] === 'string' ? row[2] : null, t)} · ${t('dashboards.activeCasesCount', { count: Number(row?.[3] ?? 0) })}`), { sticky: true, direction: 'top' });
        path.on('click', () => onSelectRef.current?.(feature.properties.code));
        path.on('add', () => path.getElement()?.setAttribute('data-code', feature.properties.code));
      },
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [6, 6], animate: false });
    return () => {
      layer.remove();
    };
  }, [geo.data, panel, t]);

  const attribution = t('regions.boundaryAttribution');
  useEffect(() => {
    const control = mapRef.current?.attributionControl;
    if (!control) return;
    control.addAttribution(attribution);
    return () => {
      control.removeAttribution(attribution);
    };
  }, [attribution]);

  return (
    <div className="map-wrap">
      <div ref={element} className="db-map" data-testid="dashboard-map" role="region" aria-label={label} />
      {geo.error !== undefined && <Alert kind="error">{errorMessage(geo.error, t)}</Alert>}
    </div>
  );
}
