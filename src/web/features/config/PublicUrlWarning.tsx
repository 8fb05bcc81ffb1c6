import { useTranslation } from 'react-i18next';
import { usePublicConfig } from './public-config';

/**
 * Says, until PUBLIC_URL is fixed, that posters and SMS links point at an address phones cannot open (unset, or this
 * machine's loopback). Shown to administrators on every page and to whoever downloads a poster.
 */
export function PublicUrlWarning() {
  const { t } = useTranslation();
  const { config } = usePublicConfig();
  if (!config.publicUrlProblem) return null;
  return (
    <p className="alert alert--warn" role="status" data-testid="public-url-warning">
      {t(`shell.publicUrlWarning.${config.publicUrlProblem}`, { url: config.publicUrl })}
    </p>
  );
}
