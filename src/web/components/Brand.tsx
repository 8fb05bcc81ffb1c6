import { useTranslation } from 'react-i18next';

/** Product name and motto. The motto is Indonesian in every language; English adds a translation. */
export function Brand({ heading = false }: { heading?: boolean }) {
  const { t } = useTranslation();
  const translation = t('app.mottoTranslation');
  const Name = heading ? 'h1' : 'p';
  return (
    <div className="brand-block">
      <Name className="brand-name">
        <Logo />
        {t('app.name')}
      </Name>
      <p className="motto" lang="id">
        {t('app.motto')}
      </p>
      {translation && <p className="motto-translation">{translation}</p>}
    </div>
  );
}

export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <path d="M16 2 4 7v8c0 7.4 5.1 13.3 12 15 6.9-1.7 12-7.6 12-15V7L16 2z" fill="currentColor" />
      <path d="m10.5 16.5 4 4 7-8" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
