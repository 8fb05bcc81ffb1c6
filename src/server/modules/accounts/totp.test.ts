import { describe, expect, it } from 'vitest';
import { newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, recoveryCodeHash, totpStepOf, totpUri } from './totp.js';

// RFC 6238, appendix B: the SHA-1 key "12345678901234567890"; the 8-digit codes' last six digits are the 6-digit codes.
const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totp', () => {
  it('matches the RFC 6238 test vectors, naming the time step', () => {
    expect(totpStepOf(RFC_KEY, '287082', 59_000)).toBe(1);
    expect(totpStepOf(RFC_KEY, '081804', 1_111_111_109_000)).toBe(37_037_036);
    expect(totpStepOf(RFC_KEY, '050471', 1_111_111_111_000)).toBe(37_037_037);
  });

  it('takes one step either side and no further', () => {
    const at = 1_111_111_109_000; // step 37037036, whose code is 081804
    expect(totpStepOf(RFC_KEY, '081804', at + 30_000)).toBe(37_037_036);
    expect(totpStepOf(RFC_KEY, '081804', at - 30_000)).toBe(37_037_036);
    expect(totpStepOf(RFC_KEY, '081804', at + 60_000)).toBeNull();
    expect(totpStepOf(RFC_KEY, '081804', at - 60_000)).toBeNull();
    expect(totpStepOf(RFC_KEY, '81804', at)).toBeNull();
  });

  it('makes 160-bit keys and the URI authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    expect(totpUri(secret, 'komang', 'Jaga Baya')).toBe(`otpauth://totp/Jaga%20Baya:komang?issuer=Jaga%20Baya&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
  });

  it('makes ten distinct recovery codes, compared however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const key = Buffer.alloc(32, 1);
    expect(normaliseRecoveryCode(' AB3DE-FG7HJ ')).toBe('ab3defg7hj');
    expect(recoveryCodeHash(key, 'AB3DE FG7HJ')).toBe(recoveryCodeHash(key, 'ab3de-fg7hj'));
    expect(recoveryCodeHash(key, 'ab3de-fg7hj')).not.toBe(recoveryCodeHash(Buffer.alloc(32, 2), 'ab3de-fg7hj'));
  });
});
