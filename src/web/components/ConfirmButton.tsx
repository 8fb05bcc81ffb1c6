import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmButtonProps {
  onConfirm: () => void;
  children: ReactNode;
  /** Accessible name of the first button when its visible text is short (e.g. "Hapus"). */
  label?: string;
  disabled?: boolean;
  className?: string;
  testId?: string;
}

/**
 * A destructive action that asks "Sure?" inline instead of window.confirm (which cheap phones
 * render badly and browser automation dismisses silently).
 */
export function ConfirmButton({ onConfirm, children, label, disabled, className, testId }: ConfirmButtonProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        className={className ?? 'btn btn--small btn--danger-ghost'}
        aria-label={label}
        disabled={disabled}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {children}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        ref={confirmRef}
        type="button"
        className="btn btn--small btn--danger"
        data-testid={testId ? `${testId}-confirm` : undefined}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('common.confirm')}
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
