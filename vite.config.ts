import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The web shell lives in src/web and is built into dist/web, which the Fastify server serves
// (with an index.html fallback for unknown non-API GET paths).
// In development (`npx vite`), everything the server owns is proxied to it on port 3000.
// The Host header is kept (no changeOrigin) so the session cookie and any Origin check see one origin.
const backend = process.env['JAGA_BAYA_API'] ?? 'http://localhost:3000';

/**
 * The app (boot.tsx, which main.tsx imports) with its imports and the Indonesian catalogue (the default language) are
 * announced in index.html, so the browser fetches them beside the entry instead of after it has run. The pages the
 * server sends with their text (server/plugins/page-shells.ts) get this HTML without these links: there the app is
 * fetched only after the text is painted.
 */
function preloadApp(): Plugin {
  return {
    name: 'jaga-baya:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const byEnd = (end: string) => chunks.find((c) => (c.facadeModuleId ?? '').endsWith(end));
        const files = new Set<string>();
        const boot = byEnd('/src/web/boot.tsx');
        if (boot) for (const f of [boot.fileName, ...boot.imports]) files.add(f);
        const catalogue = byEnd('/src/i18n/id.json');
        if (catalogue) files.add(catalogue.fileName);
        return [...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react(), preloadApp()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // React, the router and i18next change rarely: one long-cached vendor chunk, separate from
    // the app code that changes with every release. Leaflet stays in the lazily loaded map chunk.
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|void-elements|html-parse-stringify)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/openapi.json': backend,
      '/docs': backend,
      // Check-in pages (/c/<token>). A regular expression so that future SPA routes starting
      // with "c" (e.g. /cases) are not swallowed by the proxy.
      '^/c(/|$)': backend,
    },
  },
  preview: {
    port: 4173,
  },
});
