// Loaded lazily (Leaflet is the largest dependency of the web app).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import type { FeatureCollection, Feature, Geometry } from 'geojson';
import 'leaflet/dist/leaflet.css';
import { api } from '../../api/client';
import type { RegionFeatureProperties } from '../../api/types';
import { Alert } from '../../components/Alert';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { textTooltip, useCityMap } from '../../lib/useCityMap';

export interface RegionMapProps {
  /** Desa/kelurahan drawn as selected. */
  selectedCode: string | null;
  /** Desa/kelurahan drawn as related (the villages of a kecamatan, those overlapping a desa adat). */
  highlightCodes: ReadonlySet<string>;
  onSelect: (code: string) => void;
}

type RegionGeoJson = FeatureCollection<Geometry, RegionFeatureProperties>;

// Calm, distinguishable fills per kecamatan (colour-blind safe, readable under dark outlines).
const PALETTE = ['#8fd3c7', '#b8d98a', '#f3cf8b', '#b5c8ee', '#e5b3cf', '#c9c0a8'];

function styleFor(fill: string, state: 'base' | 'highlight' | 'selected'): L.PathOptions {
  switch (state) {
    case 'selected':
      return { color: '#7c2d12', weight: 3, fillColor: '#f97316', fillOpacity: 0.7 };
    case 'highlight':
      return { color: '#134e4a', weight: 2, fillColor: fill, fillOpacity: 0.85 };
    case 'base':
      return { color: '#2f5552', weight: 1, fillColor: fill, fillOpacity: 0.45 };
  }
}

export default function RegionMap({ selectedCode, highlightCodes, onSelect }: RegionMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const paths = useRef(new Map<string, { path: L.Path; fill: string }>());
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  const geo = useAsync((signal) => api.regionGeoJson('village', signal), []);

  const mapRef = useCityMap(element, { maxZoom: 18 });

  // The 43 desa/kelurahan.
  useEffect(() => {
    const map = mapRef.current;
    const data = geo.data as RegionGeoJson | undefined;
    if (!map || !data) return;
    const parents = [...new Set(data.features.map((f) => f.properties.parentCode ?? ''))].sort();
    const fillOf = (f: Feature<Geometry, RegionFeatureProperties> | undefined) =>
      PALETTE[Math.max(0, parents.indexOf(f?.properties.parentCode ?? '')) % PALETTE.length] ?? '#8fd3c7';
    const registry = paths.current;
    const layer = L.geoJSON<RegionFeatureProperties>(data, {
      style: (feature) => ({ ...styleFor(fillOf(feature), 'base'), className: 'region-polygon' }),
      onEachFeature: (feature, featureLayer) => {
        const { code, name } = feature.properties;
        const path = featureLayer as L.Path;
        registry.set(code, { path, fill: fillOf(feature) });
        path.bindTooltip(textTooltip(name), { sticky: true, direction: 'top', className: 'region-tooltip' });
        path.on('click', () => onSelectRef.current(code));
      },
    }).addTo(map);
    for (const [code, { path }] of registry) {
      const el = path.getElement();
      el?.setAttribute('data-code', code);
    }
    const bounds = layer.getBounds();
    if (bounds.isValid()) {
      // Programmatic moves are not animated: an animated zoom still running when the page is left
      // makes Leaflet touch the removed map (a known Leaflet 1.9 issue), and it is cheaper on phones.
      map.fitBounds(bounds, { padding: [8, 8], animate: false });
      map.setMaxBounds(bounds.pad(0.5));
    }
    return () => {
      layer.remove();
      registry.clear();
    };
  }, [geo.data]);

  // Credit for the boundaries, in the current language.
  const attribution = t('regions.boundaryAttribution');
  useEffect(() => {
    const control = mapRef.current?.attributionControl;
    if (!control) return;
    control.addAttribution(attribution);
    return () => {
      control.removeAttribution(attribution);
    };
  }, [attribution]);

  // Selection and highlights.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    for (const [code, { path, fill }] of paths.current) {
      const state = code === selectedCode ? 'selected' : highlightCodes.has(code) ? 'highlight' : 'base';
      path.setStyle(styleFor(fill, state));
      const el = path.getElement();
      el?.classList.toggle('is-selected', state === 'selected');
      el?.classList.toggle('is-highlighted', state === 'highlight');
      if (state !== 'base') path.bringToFront();
    }
    const selected = selectedCode ? paths.current.get(selectedCode)?.path : undefined;
    if (selected) {
      selected.bringToFront();
      const bounds = (selected as L.Polygon).getBounds();
      if (bounds.isValid() && !map.getBounds().contains(bounds)) map.fitBounds(bounds.pad(1), { maxZoom: 15, animate: false });
    }
  }, [selectedCode, highlightCodes, geo.data]);

  return (
    <div className="map-wrap">
      <div
        ref={element}
        className="region-map"
        data-testid="region-map"
        role="region"
        aria-label={t('regions.map')}
      />
      {geo.error !== undefined && (
        <Alert kind="error">
          {t('regions.mapUnavailable')} {errorMessage(geo.error, t)}{' '}
          <button type="button" className="btn btn--small" onClick={geo.reload}>
            {t('common.retry')}
          </button>
        </Alert>
      )}
    </div>
  );
}
