import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web shell lives in src/web and is built into dist/web, which the Fastify server serves
// (with an index.html fallback for unknown non-API GET paths).
// In development (`npx vite`), everything the server owns is proxied to it on port 3000.
// The Host header is kept (no changeOrigin) so the session cookie and any Origin check see one origin.
const backend = process.env['JAGA_BAYA_API'] ?? 'http://localhost:3000';

export default defineConfig({
  root: 'src/web',
  base: '/',
  // No modulepreload of the app in index.html: main.tsx fetches it after the first paint (see there).
  plugins: [react()],
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
