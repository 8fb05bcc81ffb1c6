import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { errorMessage } from '../../lib/errors';
import type { useVenueChoice } from './useVenueChoice';

/** The venue the page works on; a plain select (fast on phones), hidden behind a single name when there is one venue. */
export function VenuePicker({ choice }: { choice: ReturnType<typeof useVenueChoice> }) {
  const { t } = useTranslation();
  if (choice.loading && choice.venues.length === 0) return <Loading />;
  if (choice.error !== undefined) return <Alert kind="error">{errorMessage(choice.error, t)}</Alert>;
  if (choice.venues.length === 0) return <Alert kind="info">{t('checkins.noVenues')}</Alert>;
  return (
    <div className="ck-picker">
      <SelectField
        id="ck-venue"
        label={t('checkins.venue')}
        value={choice.venue?.id ?? ''}
        testId="venue-picker"
        onChange={(e) => choice.choose(e.target.value)}
      >
        {!choice.venue && <option value="">{t('checkins.chooseVenue')}</option>}
        {choice.venues.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name} · {v.regionName}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
