import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Me, RegionSummary } from '../../api/types';
import { cachedList } from './store';

/** Roles through which an officer records violations (server: accounts/permissions.ts, enforcement:record). */
export const RECORDING_ROLES = ['enforcement_officer', 'task_force', 'adat_officer'];

export interface Loaded<T> {
  data: T | null;
  fromCache: boolean;
  error: unknown;
}

/** A list the field screens need: fresh when there is signal, else the copy kept on the phone. */
export function useCachedList<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, fromCache: false, error: null });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    cachedList(key, load).then(
      ({ data, fromCache }) => live && setState({ data, fromCache, error: null }),
      (error: unknown) => live && setState({ data: null, fromCache: false, error }),
    );
    return () => {
      live = false;
    };
    // the key names what is loaded
  }, [key]);
  return state;
}

const isVillage = (r: Pick<RegionSummary, 'type'>) => r.type === 'desa' || r.type === 'kelurahan';

/**
 * The desa/kelurahan the officer may record in: those at or under their assignments' regions, and for an adat
 * officer those their desa adat overlaps. The server checks again; this keeps the choice short.
 */
export async function villagesInScope(me: Me, roles: readonly string[]): Promise<{ code: string; name: string }[]> {
  const scopes = me.assignments.filter((a) => roles.includes(a.role)).map((a) => a.regionCode);
  const all = await api.regions({});
  const byCode = new Map(all.map((r) => [r.code, r]));
  const out = new Map<string, string>();
  for (const scope of scopes) {
    const region = byCode.get(scope);
    if (region?.type === 'desa_adat') {
      const detail = await api.region(scope);
      for (const o of detail.overlaps) if (isVillage(o)) out.set(o.code, o.name);
      continue;
    }
    for (const r of all) if (isVillage(r) && (r.code === scope || r.code.startsWith(`${scope}.`))) out.set(r.code, r.name);
  }
  return [...out].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name));
}
