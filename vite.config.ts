import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The web shell lives in src/web and is built into dist/web, which the Fastify server serves
// (with an index.html fallback for unknown non-API GET paths).
// In development (`npx vite`), everything the server owns is proxied to it on port 3000.
// The Host header is kept (no changeOrigin) so the session cookie and any Origin check see one origin.
const backend = process.env['JAGA_BAYA_API'] ?? 'http://localhost:3000';

/**
 * The Indonesian catalogue is a chunk of its own (src/web/i18n) that main.tsx imports before the first render:
 * announce it in index.html so the browser fetches it beside the app's code instead of after it. Indonesian is the
 * default language; an English reader's catalogue is fetched by main.tsx as before.
 */
function preloadDefaultCatalogue(): Plugin {
  return {
    name: 'jaga-baya:preload-default-catalogue',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && (c.facadeModuleId ?? '').endsWith('/src/i18n/id.json'));
        return chunk ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }] : [];
      },
    },
  };
}

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react(), preloadDefaultCatalogue()],
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
