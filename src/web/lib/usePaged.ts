import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { isAbortError } from '../api/client';
import type { Page } from '../api/types';

export interface PagedState<T> {
  items: T[];
  nextCursor: string | null;
  /** First page loading. */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore: () => void;
  /** Start again from the first page. */
  reload: () => void;
  /** Change items locally after a successful update. */
  update: (fn: (items: T[]) => T[]) => void;
}

interface Inner<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
}

/** Cursor-paged list with "load more": the first page reloads when `deps` change. */
export function usePaged<T>(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
  deps: DependencyList,
): PagedState<T> {
  const [state, setState] = useState<Inner<T>>({
    items: [],
    nextCursor: null,
    loading: true,
    loadingMore: false,
    error: undefined,
  });
  const [generation, setGeneration] = useState(0);
  const fetchRef = useRef(fetchPage);
  // Declared before the loader effect, so the loader always calls the latest fetcher.
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  const more = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    more.current?.abort();
    setState((s) => ({ ...s, loading: true, loadingMore: false, error: undefined }));
    fetchRef.current(null, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) {
          setState({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: undefined });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbortError(error)) {
          setState((s) => ({ ...s, items: [], nextCursor: null, loading: false, error }));
        }
      },
    );
    return () => controller.abort();
    // The caller lists the fetcher's inputs in `deps`.
  }, [...deps, generation]);

  useEffect(() => () => more.current?.abort(), []);

  const cursor = state.nextCursor;
  const busy = state.loading || state.loadingMore;
  const loadMore = useCallback(() => {
    if (!cursor || busy) return;
    const controller = new AbortController();
    more.current = controller;
    setState((s) => ({ ...s, loadingMore: true, error: undefined }));
    fetchRef.current(cursor, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) {
          setState((s) => ({
            ...s,
            items: [...s.items, ...page.items],
            nextCursor: page.nextCursor,
            loadingMore: false,
          }));
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbortError(error)) setState((s) => ({ ...s, loadingMore: false, error }));
      },
    );
  }, [cursor, busy]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const update = useCallback((fn: (items: T[]) => T[]) => setState((s) => ({ ...s, items: fn(s.items) })), []);

  return { ...state, loadMore, reload, update };
}
