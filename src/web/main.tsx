import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadInitialCatalogues } from './i18n';
import './styles.css';
import { App, preloadPageFor } from './app';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');

preloadPageFor(window.location.pathname);
void loadInitialCatalogues().then(() =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
