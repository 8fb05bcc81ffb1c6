import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { ApiResponse } from '../../api/types';
import { Alert } from '../../components/Alert';
import { formErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePublicConfig } from '../config/public-config';

type Inbox = ApiResponse<'listResidentMessages'>;
type Message = Inbox['items'][number];

const inboxApi = {
  list: (signal?: AbortSignal) => request<Inbox>('/citizen/me/notifications', signal ? { signal } : {}),
  markRead: (ids: string[]) => request<ApiResponse<'markResidentMessagesRead'>>('/citizen/me/notifications/read', { method: 'POST', body: { ids } }),
};

/** Splits a message into text and links (follow-up links such as the daily self-report page), never as HTML. */
function MessageBody({ body }: { body: string }) {
  return (
    <p className="inbox__body">
      {body.split(/(https?:\/\/\S+)/).map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part} rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}

/**
 * The resident's inbox on /saya (issue #16): exposure notices and follow-up links the outbox sent to their number,
 * newest first; unread ones marked, and marked read one by one or all at once.
 */
export function ResidentInbox() {
  const { t, i18n } = useTranslation();
  const timeZone = usePublicConfig().config.timeZone;
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    inboxApi
      .list(controller.signal)
      .then(setInbox)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      });
    return () => controller.abort();
  }, []);

  async function markRead(messages: Message[]) {
    const ids = messages.filter((m) => !m.read).map((m) => m.id);
    if (ids.length === 0) return;
    try {
      await inboxApi.markRead(ids.slice(0, 100));
      setInbox((current) => (current ? { unread: Math.max(0, current.unread - ids.length), items: current.items.map((m) => (ids.includes(m.id) ? { ...m, read: true } : m)) } : current));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="saya-inbox-title" data-testid="saya-inbox">
      <h3 id="saya-inbox-title">
        {t('residentInbox.title')}
        {inbox !== null && inbox.unread > 0 && (
          <span className="inbox__count" data-testid="saya-inbox-unread">
            {t('residentInbox.unread', { count: inbox.unread })}
          </span>
        )}
      </h3>
      <p className="muted">{t('residentInbox.intro')}</p>
      {error !== null && <Alert kind="error">{formErrorMessage(error, [], t)}</Alert>}
      {inbox === null && error === null && <p className="muted">{t('common.loading')}</p>}
      {inbox !== null && inbox.items.length === 0 && <p className="muted" data-testid="saya-inbox-empty">{t('residentInbox.empty')}</p>}
      {inbox !== null && inbox.items.length > 0 && (
        <ul className="visit-list">
          {inbox.items.map((m) => (
            <li key={m.id} className={`visit-list__item${m.read ? '' : ' inbox__item--unread'}`} data-testid="saya-message" data-read={m.read}>
              {!m.read && <span className="inbox__badge">{t('residentInbox.unreadLabel')}</span>}
              {m.subject && <strong>{m.subject}</strong>}
              <MessageBody body={m.body} />
              <span className="muted">
                {formatDateTime(m.createdAt, i18n.language, timeZone)} · {t(`residentInbox.channel.${m.channel === 'sms' || m.channel === 'email' ? m.channel : 'inbox'}`)}
              </span>
              {!m.read && (
                <button type="button" className="btn btn--small" onClick={() => void markRead([m])} data-testid="saya-message-read">
                  {t('residentInbox.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
