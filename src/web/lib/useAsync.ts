import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { isAbortError } from '../api/client';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Run the loader again (keeps the current data on screen while it runs). */
  reload: () => void;
  /** Replace the data locally, e.g. after a successful update. */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

interface Inner<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * Loads data when `deps` change; aborts the previous request when they change again or the
 * component unmounts, so a slow answer never overwrites a newer one.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<Inner<T>>({ data: undefined, error: undefined, loading: true });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbortError(error)) setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => controller.abort();
    // The caller lists the loader's inputs in `deps` (the loader itself is a new closure each render).
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback(
    (update: (current: T | undefined) => T | undefined) => setState((s) => ({ ...s, data: update(s.data) })),
    [],
  );
  return { ...state, reload, setData };
}
