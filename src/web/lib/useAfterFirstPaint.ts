import { useEffect, useState } from 'react';

/**
 * False on the first render, true once the browser has painted it and is idle (or after `timeoutMs` at the latest).
 * For what a page can do without at first: the zone page's map (Leaflet, its stylesheet and the boundaries, some
 * 60 KB and the heaviest script work of the page) starts loading only after the text is on screen, so a cheap phone
 * shows the page first (issue #17, Lighthouse: first and largest contentful paint, total blocking time).
 */
export function useAfterFirstPaint(timeoutMs = 1500): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let second: number | undefined;
    let idle: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Two frames: the first callback runs before the paint of the committed page, the second after it.
    const frame = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        if (typeof window.requestIdleCallback === 'function') idle = window.requestIdleCallback(() => setReady(true), { timeout: timeoutMs });
        else timer = setTimeout(() => setReady(true), 0);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      if (second !== undefined) cancelAnimationFrame(second);
      if (idle !== undefined) window.cancelIdleCallback(idle);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [timeoutMs]);
  return ready;
}
