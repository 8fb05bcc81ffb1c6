// Page state kept in the URL (selected record, filters), so a view survives a reload and can be shared.
import { useSearchParams } from 'react-router';

export function useUrlState(): [URLSearchParams, (changes: Record<string, string | null | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true, preventScrollReset: true });
  };
  return [params, update];
}
