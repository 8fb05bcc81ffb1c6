/* The front door of the dashboards module (issue #17): panels over other modules' figures. It owns no table. */
export { createDashboardsService, type Dashboard, type DashboardsService } from './dashboards.service.js';
export { dashboardsRoutes } from './dashboards.routes.js';
export { PANELS, PANEL_IDS, type Panel, type PanelDefinition } from './panels.js';
