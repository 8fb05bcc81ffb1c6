// Loaded lazily (Leaflet is the largest dependency of the web app). Draws the 43 desa/kelurahan in their zone colour.
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
import { ZONE_FILL, zoneLabel } from './labels';
import type { ZoneEntry } from './types';

export interface ZoneMapProps {
  zones: readonly ZoneEntry[] | undefined;
  selectedCode: string | null;
  onSelect: (code: string) => void;
}

export default function ZoneMap({ zones, selectedCode, onSelect }: ZoneMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const paths = useRef(new Map<string, L.Path>());
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);
  const geo = useAsync((signal) => api.regionGeoJson('village', signal), []);

  const mapRef = useCityMap(element, { maxZoom: 17 });

  useEffect(() => {
    const map = mapRef.current;
    const data = geo.data as FeatureCollection<Geometry, RegionFeatureProperties> | undefined;
    if (!map || !data) return;
    const registry = paths.current;
    const layer = L.geoJSON<RegionFeatureProperties>(data, {
      style: () => ({ color: '#ffffff', weight: 1.5, fillColor: '#cfd8d6', fillOpacity: 0.85, className: 'zone-polygon' }),
      onEachFeature: (feature, featureLayer) => {
        const path = featureLayer as L.Path;
        registry.set(feature.properties.code, path);
        path.on('click', () => onSelectRef.current(feature.properties.code));
        path.getElement()?.setAttribute('data-code', feature.properties.code);
      },
    }).addTo(map);
    for (const [code, path] of registry) path.getElement()?.setAttribute('data-code', code);
    const bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [6, 6], animate: false });
      map.setMaxBounds(bounds.pad(0.5));
    }
    return () => {
      layer.remove();
      registry.clear();
    };
  }, [geo.data]);

  // Colours, tooltips and the selection.
  useEffect(() => {
    const byCode = new Map((zones ?? []).map((z) => [z.regionCode, z]));
    for (const [code, path] of paths.current) {
      const zone = byCode.get(code);
      const selected = code === selectedCode;
      path.setStyle({
        fillColor: zone ? ZONE_FILL[zone.colour] : '#cfd8d6',
        color: selected ? '#0b1f1d' : '#ffffff',
        weight: selected ? 3.5 : 1.5,
      });
      const el = path.getElement();
      el?.setAttribute('data-colour', zone?.colour ?? 'unknown');
      el?.classList.toggle('is-selected', selected);
      if (zone) {
        path.unbindTooltip();
        path.bindTooltip(textTooltip(`${zone.name}: ${zoneLabel(zone.colour, t)} · ${t('policies.public.activeCases', { count: zone.activeCases })}`), { sticky: true, direction: 'top' });
      }
      if (selected) path.bringToFront();
    }
  }, [zones, selectedCode, geo.data, t]);

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
      <div ref={element} className="zone-map" data-testid="zone-map" role="region" aria-label={t('policies.public.map')} />
      {geo.error !== undefined && <Alert kind="error">{errorMessage(geo.error, t)}</Alert>}
    </div>
  );
}
