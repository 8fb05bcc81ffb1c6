import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../features/auth/session';
import { errorMessage } from '../lib/errors';
import { Alert } from './Alert';
import { Loading } from './Loading';

export interface LoginRedirectState {
  from?: string;
  expired?: boolean;
}

/** Renders its children only with a session; otherwise sends the visitor to /login and back afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const location = useLocation();

  switch (state.status) {
    case 'loading':
      return (
        <div className="splash">
          <Loading />
        </div>
      );
    case 'error':
      return (
        <div className="splash">
          <Alert kind="error">{errorMessage(state.error, t)}</Alert>
          <button type="button" className="btn" onClick={refresh}>
            {t('common.retry')}
          </button>
        </div>
      );
    case 'anonymous': {
      const redirect: LoginRedirectState = {
        from: location.pathname + location.search,
        expired: state.expired,
      };
      return <Navigate to="/login" replace state={redirect} />;
    }
    case 'authenticated':
      return <>{children}</>;
  }
}
