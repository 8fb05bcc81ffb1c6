import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api } from '../../api/client';
import { useAsync } from '../../lib/useAsync';
import { buildRegionIndex, type RegionIndex } from './region-index';

interface RegionsValue {
  index: RegionIndex | undefined;
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
  const index = useMemo(() => (data ? buildRegionIndex(data) : undefined), [data]);
  const value = useMemo(() => ({ index, loading, error, reload }), [index, loading, error, reload]);
  return <RegionsContext.Provider value={value}>{children}</RegionsContext.Provider>;
}

export function useRegions(): RegionsValue {
  const value = useContext(RegionsContext);
  if (!value) throw new Error('useRegions outside RegionsProvider');
  return value;
}
