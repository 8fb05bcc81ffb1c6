// The Leaflet map every page of regions draws on: created once, kept sized to its container, with the operator's
// tile server behind the polygons when one is configured. Imported only by lazily loaded map components, so Leaflet
// stays out of the first load.
import { useEffect, useRef, type RefObject } from 'react';
import L from 'leaflet';
import { usePublicConfig } from '../features/config/public-config';

const CITY_CENTRE: L.LatLngExpression = [-8.66, 115.22];

export function useCityMap(element: RefObject<HTMLDivElement | null>, options: { maxZoom: number }): RefObject<L.Map | null> {
  const { config } = usePublicConfig();
  const mapRef = useRef<L.Map | null>(null);
  const { maxZoom } = options;

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const map = L.map(el, { center: CITY_CENTRE, zoom: 12, minZoom: 10, maxZoom, zoomSnap: 0.25 });
    mapRef.current = map;
    // The container has a fixed height in CSS, but its width may settle after the first layout.
    const frame = requestAnimationFrame(() => map.invalidateSize());
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => map.invalidateSize());
    observer?.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
      map.remove();
      mapRef.current = null;
    };
  }, [element, maxZoom]);

  // Optional background tiles, only when the operator configured a tile server; polygons need none.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !config.tileUrl) return;
    const tiles = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution ?? '', maxZoom }).addTo(map);
    tiles.bringToBack();
    return () => {
      tiles.remove();
    };
  }, [config.tileUrl, config.tileAttribution, maxZoom]);

  return mapRef;
}

/**
 * A tooltip's content as text. Leaflet puts a string tooltip in as HTML, and region names come from an imported
 * boundary file, so a name is always set as a text node, never parsed.
 */
export function textTooltip(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
