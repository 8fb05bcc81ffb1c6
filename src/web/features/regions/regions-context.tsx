import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api } from '../../api/client';
import { useAsync } from '../../lib/useAsync';
import { useMe } from '../auth/session';
import { buildRegionIndex, type RegionIndex } from './region-index';
import { regionsInScope } from './region-scope';

interface RegionsValue {
  /** Every region: for names and the tree. */
  index: RegionIndex | undefined;
  /** Only the regions within the caller's assignments: what region filters and pickers offer (`RegionSelect`). */
  scoped: RegionIndex | undefined;
  loading: boolean;
  error: unknown;
  /** Fetch the list again (after adding a banjar). */
  reload: () => void;
}

const RegionsContext = createContext<RegionsValue | null>(null);

/**
 * Loads every region once for the signed-in shell: the tree, the region selects and the audit table use it. Not
 * while `paused` (a session that may only set up two-step verification), and once more when it ends.
 */
export function RegionsProvider({ children, paused = false }: { children: ReactNode; paused?: boolean }) {
  const { data, loading, error, reload } = useAsync((signal) => (paused ? Promise.resolve(undefined) : api.regions({}, signal)), [paused]);
  const me = useMe();
  const scopeKey = [...new Set(me.assignments.map((a) => a.regionCode))].sort().join(' ');
  const index = useMemo(() => (data ? buildRegionIndex(data) : undefined), [data]);
  const scoped = useMemo(() => (data ? buildRegionIndex(regionsInScope(data, scopeKey ? scopeKey.split(' ') : [])) : undefined), [data, scopeKey]);
  const value = useMemo(() => ({ index, scoped, loading, error, reload }), [index, scoped, loading, error, reload]);
  return <RegionsContext.Provider value={value}>{children}</RegionsContext.Provider>;
}

export function useRegions(): RegionsValue {
  const value = useContext(RegionsContext);
  if (!value) throw new Error('useRegions outside RegionsProvider');
  return value;
}
