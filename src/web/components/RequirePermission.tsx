import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../features/auth/session';
import { Page } from './Page';

/** Shows a "not allowed" page instead of its children when the user lacks the permission. */
export function RequirePermission({ permission, children }: { permission?: string | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const allowed = usePermission(permission);
  if (allowed) return <>{children}</>;
  return (
    <Page title={t('errors.forbiddenTitle')} testId="page-forbidden">
      <p>{t('errors.forbiddenPage')}</p>
    </Page>
  );
}
