import { describe, expect, it } from 'vitest';
import { deriveKey, encryptText } from '../../shared/crypto.js';
import { openVisitPerson, sealVisitPerson } from './visit-person.js';

const key = deriveKey(Buffer.alloc(32, 3), 'visits:data');

describe('a visit person sealed once', () => {
  it('opens to the name and phone it sealed, spaces and letters of any script kept', () => {
    for (const person of [{ name: 'Made Wirawan', phone: '+6281234567890' }, { name: 'Ni Luh Putu Ayu  Ṣ 李', phone: '+6281100000000' }]) {
      const sealed = sealVisitPerson(key, person);
      expect(sealed).not.toContain(person.phone.slice(3));
      expect(openVisitPerson(key, { person_enc: sealed, name_enc: null, phone_enc: null })).toEqual(person);
    }
  });

  it('reads visits written before migration 08, sealed field by field', () => {
    const row = { person_enc: null, name_enc: encryptText(key, 'Kadek'), phone_enc: encryptText(key, '+6281300000001') };
    expect(openVisitPerson(key, row)).toEqual({ name: 'Kadek', phone: '+6281300000001' });
  });

  it('refuses a ciphertext that was tampered with, or a row without personal data', () => {
    const sealed = sealVisitPerson(key, { name: 'Made', phone: '+6281234567890' });
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => openVisitPerson(key, { person_enc: tampered, name_enc: null, phone_enc: null })).toThrow();
    expect(() => openVisitPerson(key, { person_enc: null, name_enc: null, phone_enc: null })).toThrow('visit without personal data');
  });
});
