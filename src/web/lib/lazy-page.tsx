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
  const preload = () => (loading ??= load());
  const Page = lazy(async () => ({ default: (await preload())[name] as ComponentType }));
  function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  }
  LazyPage.displayName = `Lazy(${name})`;
  return Object.assign(LazyPage, { preload });
}
