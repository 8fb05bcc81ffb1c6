import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useMe } from '../auth/session';
import { useAsync } from '../../lib/useAsync';
import { checkinsApi, type VenueChoice } from './api';

/**
 * The venues the signed-in user may work with on the check-in pages: the ones they manage (venue managers, by
 * ownership) and the verified venues in their region scope (officers). The chosen one lives in the URL (?venue=).
 */
export function useVenueChoice() {
  const me = useMe();
  const manages = me.assignments.some((a) => a.role === 'venue_manager');
  const readsVenues = me.permissions.includes('venues:read');
  const [params, setParams] = useSearchParams();

  const venues = useAsync(async (signal) => {
    const [mine, inScope] = await Promise.all([
      manages ? checkinsApi.myVenues(signal) : Promise.resolve([]),
      readsVenues ? checkinsApi.venuesInScope(signal).then((page) => page.items) : Promise.resolve([]),
    ]);
    const byId = new Map<string, VenueChoice>();
    for (const v of [...mine, ...inScope]) {
      if (v.status === 'verified' && !byId.has(v.id)) byId.set(v.id, { id: v.id, name: v.name, regionName: v.regionName, status: v.status, capacity: v.capacity });
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [manages, readsVenues]);

  const list = useMemo(() => venues.data ?? [], [venues.data]);
  const requested = params.get('venue') ?? '';
  const venue = list.find((v) => v.id === requested) ?? null;

  // One venue (the usual case for a warung owner): choose it without asking.
  useEffect(() => {
    if (!requested && list.length > 0) {
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('venue', list[0]!.id);
        return next;
      }, { replace: true });
    }
  }, [requested, list, setParams]);

  const choose = (id: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('venue', id);
      return next;
    });

  return { venues: list, loading: venues.loading, error: venues.error, venue, choose };
}
