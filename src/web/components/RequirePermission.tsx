import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, usePermission } from '../features/auth/session';
import { Page } from './Page';

/**
 * Shows a "not allowed" page instead of its children when the user lacks the permission and holds none of `roles`
 * (venue managers reach their venues by ownership, not by a permission).
 */
export function RequirePermission({ permission, roles, children }: { permission?: string | undefined; roles?: readonly string[] | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = usePermission(permission) || me.assignments.some((a) => (roles ?? []).includes(a.role));
  if (allowed) return <>{children}</>;
  return (
    <Page title={t('errors.forbiddenTitle')} testId="page-forbidden">
      <p>{t('errors.forbiddenPage')}</p>
    </Page>
  );
}
