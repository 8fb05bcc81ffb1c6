import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/Page';
import { HOME_PATH } from './nav';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('errors.notFoundTitle')} testId="page-not-found">
      <p>{t('errors.notFound')}</p>
      <p>
        <Link to={HOME_PATH}>{t('errors.backHome')}</Link>
      </p>
    </Page>
  );
}
