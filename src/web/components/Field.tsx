import { useEffect, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * After a failed submit, the first field in error (in page order, within its form) takes the focus and scrolls into
 * view, so a form never looks unchanged while its error sits below the fold. Only when the person is not typing in
 * another field (focus on the submit button or the page), so an error shown while typing never steals the caret.
 */
function useFocusWhenFirstError(id: string, error: string | undefined): void {
  const hasError = Boolean(error);
  useEffect(() => {
    if (!hasError) return;
    const control = document.getElementById(id);
    if (!control) return;
    const scope = control.closest('form') ?? document;
    if (scope.querySelector('[aria-invalid="true"]') !== control) return;
    const active = document.activeElement;
    if (active && active !== control && TYPING.has(active.tagName)) return;
    control.focus({ preventScroll: true });
    control.scrollIntoView({ block: 'center' });
  }, [id, hasError]);
}

interface FieldShellProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  className?: string | undefined;
  children: (describedBy: string | undefined) => ReactNode;
}

/** Label, control, hint and error message, wired together for screen readers. */
function FieldShell({ id, label, error, hint, className, children }: FieldShellProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  useFocusWhenFirstError(id, error);
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children(describedBy)}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  testId?: string | undefined;
  fieldClassName?: string | undefined;
};

export function TextField({ id, label, error, hint, testId, fieldClassName, ...input }: TextFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={fieldClassName}>
      {(describedBy) => (
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
          {...input}
        />
      )}
    </FieldShell>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  testId?: string | undefined;
  fieldClassName?: string | undefined;
  children: ReactNode;
};

export function SelectField({ id, label, error, hint, testId, fieldClassName, children, ...select }: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={fieldClassName}>
      {(describedBy) => (
        <select
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
          {...select}
        >
          {children}
        </select>
      )}
    </FieldShell>
  );
}
