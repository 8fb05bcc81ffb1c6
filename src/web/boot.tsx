import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadInitialCatalogues } from './i18n';
import { App, preloadPageFor } from './app';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');

// The first render waits for the page's code as well as the catalogue, so it is the page itself (not a loading
// indicator) that replaces the header and title the server sent for a public page (plugins/page-shells.ts).
const page = preloadPageFor(window.location.pathname).catch(() => undefined);
void Promise.all([loadInitialCatalogues(), page]).then(() =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
