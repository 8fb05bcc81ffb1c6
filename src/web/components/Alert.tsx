import { useEffect, useRef, type ReactNode } from 'react';

interface AlertProps {
  kind: 'error' | 'success' | 'info';
  children: ReactNode;
  testId?: string;
}

/** Errors interrupt screen readers (role=alert); success and info are announced politely. */
export function Alert({ kind, children, testId }: AlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  // An error that appears out of sight (a form's message below the fold) is brought into view, unless a field in
  // error has just taken the focus (components/Field.tsx): that field is where the person has to act.
  useEffect(() => {
    if (kind !== 'error' || document.activeElement?.getAttribute('aria-invalid') === 'true') return;
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [kind]);
  return (
    <div ref={ref} className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
