import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from '../components/Loading';

/**
 * A page loaded on demand: its code (and what only it imports: maps, charts, forms) becomes a chunk of its own that
 * the browser fetches the first time the route is opened, so a public page never downloads the staff screens.
 * `name` picks the export, since the pages are named exports.
 */
export type LazyPage = ComponentType & { preload: () => Promise<unknown> };

export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K): LazyPage {
  let loading: Promise<M> | undefined;
  let loaded: ComponentType | undefined;
  const preload = () =>
    (loading ??= load().then((m) => {
      loaded = m[name] as ComponentType;
      return m;
    }));
  const Page = lazy(async () => ({ default: (await preload())[name] as ComponentType }));
  function LazyPage() {
    // Code already here (main.tsx waits for the first page's): render it at once, so the first render is the page
    // itself, not the loading indicator, and it replaces the server's shell of the page without a flash.
    if (loaded) {
      const Loaded = loaded;
      return <Loaded />;
    }
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  }
  LazyPage.displayName = `Lazy(${name})`;
  return Object.assign(LazyPage, { preload });
}
