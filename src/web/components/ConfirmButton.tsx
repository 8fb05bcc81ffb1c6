import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmButtonProps {
  onConfirm: () => void;
  children: ReactNode;
  /** What will happen, as a sentence the person can say no to ("The venue stops accepting check-ins until …"). */
  question: string;
  /** The dialog's confirming button; defaults to the action's own label (never a second vague "Yes"). */
  confirmLabel?: string;
  /** Accessible name of the first button when its visible text is short (e.g. "Hapus"). */
  label?: string;
  disabled?: boolean;
  className?: string;
  testId?: string;
}

/**
 * A grave or irreversible action, confirmed in a modal dialog that names what happens. A native <dialog> opened with
 * showModal(): focus moves into it and stays there, Escape cancels, and it is not lost below the fold on a phone
 * (window.confirm is rendered badly by cheap phones and dismissed silently by browser automation).
 */
export function ConfirmButton({ onConfirm, children, question, confirmLabel, label, disabled, className, testId }: ConfirmButtonProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (asking && !dialog.open) dialog.showModal();
    if (!asking && dialog.open) dialog.close();
  }, [asking]);

  return (
    <>
      <button
        type="button"
        className={className ?? 'btn btn--small btn--danger-ghost'}
        aria-label={label}
        aria-haspopup="dialog"
        disabled={disabled}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {children}
      </button>
      <dialog
        ref={dialogRef}
        className="confirm-dialog"
        aria-labelledby={titleId}
        data-testid={testId ? `${testId}-dialog` : undefined}
        onClose={() => setAsking(false)}
      >
        <p id={titleId} className="confirm-dialog__question">{question}</p>
        <div className="confirm-dialog__actions">
          <button type="button" className="btn btn--ghost" autoFocus onClick={() => setAsking(false)} data-testid={testId ? `${testId}-cancel` : undefined}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            data-testid={testId ? `${testId}-confirm` : undefined}
            onClick={() => {
              setAsking(false);
              onConfirm();
            }}
          >
            {confirmLabel ?? children}
          </button>
        </div>
      </dialog>
    </>
  );
}
