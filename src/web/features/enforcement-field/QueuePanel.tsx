import { useTranslation } from 'react-i18next';
import { normaliseField } from '../../api/client';
import { fieldLabel } from '../../lib/field-label';
import { retried, type QueueEntry } from './queue';
import { removeEntry, updateEntry } from './store';
import type { QueueState } from './useQueue';

/**
 * The queue at the top of both field screens: "N menunggu dikirim", the signal, the send button, and the entries the
 * server refused with its message (kept until the officer sends them again or discards them).
 */
export function QueuePanel({ queue }: { queue: QueueState }) {
  const { t } = useTranslation();
  return (
    <div className="fld-queue" data-testid="field-queue">
      <div className="fld-queue-row">
        <span className={`fld-badge${queue.waiting > 0 ? ' fld-badge--waiting' : ''}`} data-testid="queue-badge" data-count={queue.waiting} aria-live="polite">
          {queue.waiting > 0 ? t('field.queue.waiting', { count: queue.waiting }) : t('field.queue.allSent')}
        </span>
        <button type="button" className="btn btn--small" onClick={() => void queue.syncNow()} disabled={queue.syncing || !queue.online || queue.waiting === 0} data-testid="queue-sync">
          {queue.syncing ? t('field.queue.syncing') : t('field.queue.syncNow')}
        </button>
      </div>
      {!queue.online && (
        <p className="fld-offline" data-testid="queue-offline">
          {t('field.queue.offline')}
        </p>
      )}
      {queue.othersWaiting > 0 && (
        <p className="muted" data-testid="queue-others" data-count={queue.othersWaiting}>
          {t('field.queue.othersWaiting', { count: queue.othersWaiting })}
        </p>
      )}
      {queue.failed.length > 0 && (
        <div className="fld-failed" data-testid="queue-failed">
          <strong>{t('field.queue.failedTitle', { count: queue.failed.length })}</strong>
          <p className="muted">{t('field.queue.failedHint')}</p>
          <ul>
            {queue.failed.map((entry) => (
              <FailedEntry key={entry.id} entry={entry} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function FailedEntry({ entry }: { entry: QueueEntry }) {
  const { t } = useTranslation();
  const failure = entry.failure;
  return (
    <li className="fld-failed-entry" data-testid="queue-failed-entry">
      <div className="fld-failed-summary">{entry.summary}</div>
      {failure && (
        <div className="fld-failed-message">
          {failure.message}
          {failure.fields.length > 0 && (
            <ul>
              {failure.fields.map((f, i) => (
                <li key={i}>
                  <strong>{fieldLabel(normaliseField(f.field), t)}</strong>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="fld-actions">
        <button type="button" className="btn btn--small" onClick={() => void updateEntry(entry.id, (stored) => stored && retried(stored))}>
          {t('field.queue.retry')}
        </button>
        <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => void removeEntry(entry.id)}>
          {t('field.queue.discard')}
        </button>
      </div>
    </li>
  );
}
