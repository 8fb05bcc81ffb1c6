import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { notificationsApi } from './api';

/** The account's notifications along the workflows, newest first, read and unread. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const list = useAsync((signal) => notificationsApi.mine(signal), []);
  const [error, setError] = useState<unknown>(undefined);

  async function markRead(id: string) {
    setError(undefined);
    try {
      await notificationsApi.markRead(id);
      list.setData((items) => items?.map((n) => (n.id === id ? { ...n, readAt: new Date().toISOString() } : n)));
      window.dispatchEvent(new Event('jb-notifications-changed'));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Page title={t('notificationList.title')} testId="page-notifications" intro={t('notificationList.intro')}>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <Alert kind="error">{errorMessage(list.error, t)}</Alert>}
      {error !== undefined && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      {list.data && list.data.length === 0 && <p className="muted">{t('notificationList.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="notification-list" data-testid="notification-list">
          {list.data.map((n) => (
            <li key={n.id} className={n.readAt ? 'notification' : 'notification notification--unread'} data-testid="notification" data-kind={n.kind} data-read={n.readAt ? 'true' : 'false'}>
              <p className="notification-text">{n.text}</p>
              <p className="notification-meta">
                <span className={n.readAt ? 'muted' : 'notification-state'}>{n.readAt ? t('notificationList.read') : t('notificationList.unread')}</span>
                {' · '}
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
              </p>
              {!n.readAt && (
                <button type="button" className="btn btn--ghost" onClick={() => void markRead(n.id)} data-testid="mark-read">
                  {t('notificationList.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
