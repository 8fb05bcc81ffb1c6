// The entry: the stylesheet (a <link> in index.html, so the server's shell of a public page is styled from the start)
// and the app itself (boot.tsx) with the reader's catalogue, fetched together (index.html preloads both, vite.config.ts). On a page the server sent with its text
// (server/plugins/page-shells.ts), nothing of the app is fetched or run before that text is painted: on slow 4G its
// 120 KB would share the line with the stylesheet and delay the text (issue #17, Lighthouse on the zone page).
import './styles.css';

function readerLanguage(): 'id' | 'en' {
  try {
    // The same key as src/web/i18n (not imported here: that would pull i18next into this first script).
    return window.localStorage.getItem('jaga-baya.lang') === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

function start(): void {
  // Started here so both arrive together; boot.tsx asks for the same module and gets this one.
  void (readerLanguage() === 'en' ? import('../i18n/en.json') : import('../i18n/id.json'));
  void import('./boot');
}

// A page the server sent with its shell (text already in #root) waits for that text to be painted; any other page
// has nothing to show before the app, so it starts at once.
if (document.getElementById('root')?.firstElementChild) requestAnimationFrame(() => setTimeout(start, 0));
else start();
