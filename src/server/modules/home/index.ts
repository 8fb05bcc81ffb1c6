/* The front door of the home module (the staff home page): what app.ts may use. It owns no table. */
export { createHomeService, type HomeService, type WorkProvider } from './home.service.js';
export { homeRoutes } from './home.routes.js';
