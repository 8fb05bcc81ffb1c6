import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { notificationsApi } from './api';

/** The shell's bell: how many of the account's notifications are unread, linking to the list. */
export function NotificationBell() {
  const { t } = useTranslation();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const onChange = () => setGeneration((g) => g + 1);
    window.addEventListener('jb-notifications-changed', onChange);
    return () => window.removeEventListener('jb-notifications-changed', onChange);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    notificationsApi
      .mine(controller.signal)
      .then((items) => setUnread(items.filter((n) => n.readAt === null).length))
      .catch(() => undefined);
    return () => controller.abort();
  }, [location.pathname, generation]);

  return (
    <Link to="/notifications" className="bell" data-testid="notification-bell" aria-label={t('notificationList.bell', { count: unread })}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {unread > 0 && <span className="bell-count" data-testid="notification-unread">{unread}</span>}
    </Link>
  );
}
