import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json' with { type: 'json' };
import id from '../../src/i18n/id.json' with { type: 'json' };
import { fieldLabel } from '../../src/web/lib/field-label.js';

// A form's stray field errors are named as a person reads them (issue #18): "Alasan: wajib diisi", never "reason: …".

describe('fieldLabel', () => {
  const t = i18next.createInstance();
  beforeAll(async () => {
    await t.init({ lng: 'id', fallbackLng: false, resources: { id: { translation: id }, en: { translation: en } } });
  });

  it('names an API field from the catalogue, in the reader\'s language', async () => {
    expect(fieldLabel('reason', t.t)).toBe('Alasan');
    expect(fieldLabel('rules.0.capacityPercent', t.t)).toBe('Capacity percent');
    expect(fieldLabel('tenants.2.phone', t.t)).toBe('Nomor HP');
    await t.changeLanguage('en');
    expect(fieldLabel('reason', t.t)).toBe('Reason');
    expect(fieldLabel('scopeRegionCode', t.t)).toBe('Region it applies to');
    await t.changeLanguage('id');
  });

  it('falls back to the field\'s words, never to its code form', () => {
    expect(fieldLabel('arrivalWindowEnd', t.t)).toBe('Arrival window end');
  });
});
