// Loaded lazily, like the regions map (Leaflet is the largest dependency of the web app).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import type { FeatureCollection, Geometry } from 'geojson';
import 'leaflet/dist/leaflet.css';
import { api } from '../../api/client';
import type { RegionFeatureProperties } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { textTooltip, useCityMap } from '../../lib/useCityMap';

export interface LocationPickerProps {
  point: { lat: number; lon: number } | null;
  /** The chosen desa/kelurahan, drawn highlighted. */
  regionCode: string;
  onPick: (lat: number, lon: number) => void;
}

/** Click the map to place the venue; the desa/kelurahan boundaries are drawn so the manager sees where the point falls. */
export default function LocationPicker({ point, regionCode, onPick }: LocationPickerProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const markerRef = useRef<L.CircleMarker | null>(null);
  const layers = useRef(new Map<string, L.Path>());
  const onPickRef = useRef(onPick);
  useEffect(() => {
    onPickRef.current = onPick;
  }, [onPick]);
  const geo = useAsync((signal) => api.regionGeoJson('village', signal), []);

  const mapRef = useCityMap(element, { maxZoom: 19 });
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const pick = (e: L.LeafletMouseEvent) => onPickRef.current(Number(e.latlng.lat.toFixed(6)), Number(e.latlng.lng.toFixed(6)));
    map.on('click', pick);
    return () => {
      map.off('click', pick);
      markerRef.current = null;
    };
  }, [mapRef]);

  useEffect(() => {
    const map = mapRef.current;
    const data = geo.data as FeatureCollection<Geometry, RegionFeatureProperties> | undefined;
    if (!map || !data) return;
    const registry = layers.current;
    const layer = L.geoJSON<RegionFeatureProperties>(data, {
      style: { color: '#2f5552', weight: 1, fillColor: '#8fd3c7', fillOpacity: 0.25, className: 'location-polygon' },
      onEachFeature: (feature, featureLayer) => {
        registry.set(feature.properties.code, featureLayer as L.Path);
        (featureLayer as L.Path).bindTooltip(textTooltip(feature.properties.name), { sticky: true, direction: 'top' });
        // A click on a polygon is a click on the map: place the point there.
        featureLayer.on('click', (e: L.LeafletMouseEvent) => onPickRef.current(Number(e.latlng.lat.toFixed(6)), Number(e.latlng.lng.toFixed(6))));
      },
    }).addTo(map);
    for (const [code, path] of registry) path.getElement()?.setAttribute('data-code', code);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8], animate: false });
    return () => {
      layer.remove();
      registry.clear();
    };
  }, [geo.data]);

  useEffect(() => {
    for (const [code, path] of layers.current) {
      path.setStyle(code === regionCode ? { color: '#7c2d12', weight: 3, fillColor: '#f97316', fillOpacity: 0.35 } : { color: '#2f5552', weight: 1, fillColor: '#8fd3c7', fillOpacity: 0.25 });
    }
    const selected = layers.current.get(regionCode) as L.Polygon | undefined;
    const map = mapRef.current;
    if (map && selected && !point) map.fitBounds(selected.getBounds().pad(0.5), { maxZoom: 16, animate: false });
  }, [regionCode, geo.data, point]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!point) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const latLng: L.LatLngExpression = [point.lat, point.lon];
    if (markerRef.current) markerRef.current.setLatLng(latLng);
    else markerRef.current = L.circleMarker(latLng, { radius: 9, color: '#111827', weight: 3, fillColor: '#facc15', fillOpacity: 1, className: 'location-marker' }).addTo(map);
    markerRef.current.bringToFront();
  }, [point, geo.data]);

  return <div ref={element} className="location-map" data-testid="location-map" role="region" aria-label={t('venues.form.map')} />;
}
