import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { useSession } from '../auth/session';
import { errorMessage } from '../../lib/errors';
import { venuesApi } from './api';
import { CardScreen } from '../../components/CardScreen';
import './venues.css';

/**
 * Public: the link of the sign-up mail. The token travels in the fragment (never in a server's request log); this
 * page sends it once, is signed in and goes on to registering a venue.
 */
export function ConfirmSignupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [error, setError] = useState<unknown>(null);
  const sent = useRef(false);
  const token = window.location.hash.slice(1);

  useEffect(() => {
    document.title = `${t('venues.signup.confirmTitle')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    if (sent.current || token === '') return;
    sent.current = true;
    void (async () => {
      try {
        await venuesApi.confirmSignup({ token });
        signedIn(await venuesApi.me());
        void navigate('/venues/new', { replace: true });
      } catch (err) {
        setError(err);
      }
    })();
  }, [token, signedIn, navigate]);

  return (
    <CardScreen testId="signup-confirm">
      <h2 className="login-title">{t('venues.signup.confirmTitle')}</h2>
      {token === '' ? (
        <Alert kind="error" testId="signup-confirm-error">{t('venues.signup.confirmMissing')}</Alert>
      ) : error !== null ? (
        <Alert kind="error" testId="signup-confirm-error">{errorMessage(error, t)}</Alert>
      ) : (
        <p className="muted">{t('venues.signup.confirming')}</p>
      )}
      <p className="login-public-link">
        <Link to="/login">{t('venues.signup.haveAccount')}</Link>
      </p>
    </CardScreen>
  );
}
