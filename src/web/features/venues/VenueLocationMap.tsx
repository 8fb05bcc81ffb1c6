// Loaded lazily, like the location picker (Leaflet is the largest dependency of the web app).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import type { FeatureCollection, Geometry } from 'geojson';
import 'leaflet/dist/leaflet.css';
import { api } from '../../api/client';
import type { RegionFeatureProperties } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { textTooltip, useCityMap } from '../../lib/useCityMap';

export interface VenueLocationMapProps {
  lat: number;
  lon: number;
  /** The desa/kelurahan the venue was registered in: its boundary is drawn around the point. */
  regionCode: string;
  regionName: string;
}

/**
 * A small read-only map for the officer who verifies a venue: the registered point and the boundary of the desa it
 * claims to be in, from the shipped boundaries (no tile server needed), so a point outside the desa shows at a glance.
 */
export default function VenueLocationMap({ lat, lon, regionCode, regionName }: VenueLocationMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const geo = useAsync((signal) => api.regionGeoJson('village', signal), []);
  const mapRef = useCityMap(element, { maxZoom: 19 });

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const point: L.LatLngExpression = [lat, lon];
    const marker = L.circleMarker(point, { radius: 8, color: '#111827', weight: 3, fillColor: '#facc15', fillOpacity: 1, className: 'location-marker' }).addTo(map);
    const data = geo.data as FeatureCollection<Geometry, RegionFeatureProperties> | undefined;
    const desa = data ? { ...data, features: data.features.filter((f) => f.properties.code === regionCode) } : undefined;
    const boundary = desa
      ? L.geoJSON<RegionFeatureProperties>(desa, {
          style: { color: '#7c2d12', weight: 3, fillColor: '#f97316', fillOpacity: 0.2, className: 'location-polygon' },
          onEachFeature: (feature, layer) => {
            (layer as L.Path).bindTooltip(textTooltip(feature.properties.name), { sticky: true, direction: 'top' });
          },
        }).addTo(map)
      : undefined;
    marker.bringToFront();
    const bounds = boundary?.getBounds();
    if (bounds?.isValid()) map.fitBounds(bounds.extend(point).pad(0.1), { maxZoom: 17, animate: false });
    else map.setView(point, 16, { animate: false });
    return () => {
      marker.remove();
      boundary?.remove();
    };
  }, [mapRef, geo.data, lat, lon, regionCode]);

  return (
    <div
      ref={element}
      className="location-map location-map--small"
      data-testid="venue-location-map"
      data-boundary={geo.data ? 'loaded' : 'loading'}
      role="img"
      aria-label={t('venues.detail.mapLabel', { name: regionName, lat: lat.toFixed(5), lon: lon.toFixed(5) })}
    />
  );
}
