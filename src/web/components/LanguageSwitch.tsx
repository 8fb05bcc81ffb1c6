import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n';

/** Always visible: shows the other language's own name ("English" / "Bahasa Indonesia"). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const next = currentLanguage() === 'id' ? 'en' : 'id';
  return (
    <button
      type="button"
      className="btn btn--ghost lang-switch"
      data-testid="lang-switch"
      lang={next}
      title={t('lang.switchHint')}
      onClick={() => setLanguage(next)}
    >
      {t('lang.switchTo')}
    </button>
  );
}
