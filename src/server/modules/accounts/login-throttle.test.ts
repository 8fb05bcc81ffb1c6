import { describe, expect, it } from 'vitest';
import { isDeviceOf, issueDeviceToken, LOCK_AFTER_FAILURES, LOCK_DURATION_MS, LOCK_MAX_MS, lockAfterFailure, lockLadder } from './login-throttle.js';

describe('login back-off', () => {
  it('is free below the threshold, then doubles from the base up to the cap', () => {
    expect(lockAfterFailure(LOCK_AFTER_FAILURES - 1, 0)).toBeNull();
    expect(lockAfterFailure(LOCK_AFTER_FAILURES, 0)).toBe(LOCK_DURATION_MS);
    expect(lockAfterFailure(LOCK_AFTER_FAILURES + 1, 0)).toBe(2 * LOCK_DURATION_MS);
    expect(lockAfterFailure(LOCK_AFTER_FAILURES + 2, 0)).toBe(4 * LOCK_DURATION_MS);
    expect(lockAfterFailure(LOCK_AFTER_FAILURES + 100, 0)).toBe(LOCK_MAX_MS);
  });

  it('the ladder the repository runs gives the same locks', () => {
    const ladder = lockLadder(1000);
    for (let failures = LOCK_AFTER_FAILURES; failures < LOCK_AFTER_FAILURES + 12; failures++) {
      const step = ladder.steps.find((s) => s.failuresBefore === failures - 1);
      expect(step?.lockedUntil ?? ladder.otherwise).toBe(lockAfterFailure(failures, 1000));
    }
    expect(ladder.freeBefore).toBe(LOCK_AFTER_FAILURES - 1);
  });
});

describe('device cookies', () => {
  const key = Buffer.alloc(32, 3);
  it('hold for their account until its password is set again, and for no other', () => {
    const token = issueDeviceToken(key, 'u1', 100);
    expect(isDeviceOf(key, token, 'u1', 100)).toBe(true);
    expect(isDeviceOf(key, token, 'u2', 100)).toBe(false);
    expect(isDeviceOf(key, token, 'u1', 101)).toBe(false);
    expect(isDeviceOf(Buffer.alloc(32, 4), token, 'u1', 100)).toBe(false);
    expect(isDeviceOf(key, `${token}x`, 'u1', 100)).toBe(false);
    expect(isDeviceOf(key, undefined, 'u1', 100)).toBe(false);
    expect(isDeviceOf(key, 'garbage', 'u1', 100)).toBe(false);
  });
});
