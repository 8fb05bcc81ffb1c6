import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RequirePermission } from './components/RequirePermission';
import { RequireSession } from './components/RequireSession';
import { SessionProvider } from './features/auth/session';
import { PublicConfigProvider } from './features/config/public-config';
import { PublicZonesPage } from './features/policies/PublicZonesPage';
import { LoginPage } from './routes/LoginPage';
import { APP_ROUTES, HOME_PATH } from './routes/nav';
import { NotFoundPage } from './routes/NotFoundPage';
import { Shell } from './routes/Shell';

export function App() {
  return (
    <PublicConfigProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/zona" element={<PublicZonesPage />} />
            <Route
              element={
                <RequireSession>
                  <Shell />
                </RequireSession>
              }
            >
              <Route index element={<Navigate to={HOME_PATH} replace />} />
              {APP_ROUTES.map(({ path, permission, Component }) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <RequirePermission permission={permission}>
                      <Component />
                    </RequirePermission>
                  }
                />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </PublicConfigProvider>
  );
}
