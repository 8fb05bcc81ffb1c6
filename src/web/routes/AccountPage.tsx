import { useTranslation } from 'react-i18next';
import { Page } from '../components/Page';
import { ChangePasswordForm } from '../features/account/ChangePasswordForm';
import { TwoFactorSection } from '../features/account/TwoFactorSection';
import { useMe, usePermission } from '../features/auth/session';
import { WeeklyReportSection } from '../features/dashboards/WeeklyReportSection';
import { roleLabel } from '../lib/labels';

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canReadDashboards = usePermission('dashboards:read');
  return (
    <Page title={t('account.title')} testId="page-account">
      <section className="panel narrow" aria-labelledby="profile-title">
        <h2 id="profile-title" className="panel-title">
          {t('account.profile')}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t('users.displayName')}</dt>
            <dd>{me.displayName}</dd>
          </div>
          <div>
            <dt>{t('users.username')}</dt>
            <dd>{me.username}</dd>
          </div>
          <div>
            <dt>{t('users.assignments')}</dt>
            <dd>
              {me.assignments.length > 0 ? (
                <ul className="plain-list">
                  {me.assignments.map((a) => (
                    <li key={a.id}>
                      {roleLabel(a.role, t)} · {a.regionName}
                    </li>
                  ))}
                </ul>
              ) : (
                t('shell.noRoles')
              )}
            </dd>
          </div>
        </dl>
      </section>
      {canReadDashboards && <WeeklyReportSection canSubscribe={me.assignments.some((a) => a.role === 'task_force')} />}
      <TwoFactorSection />
      {/* Until two-step verification is on where it is mandatory, only it may be changed. */}
      {!(me.twoFactor.required && me.twoFactor.status !== 'active') && <ChangePasswordForm />}
    </Page>
  );
}
