import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { msUntilNextLocalMidnight, startDailyJob } from './policies.jobs.js';

const wita = (text: string) => Date.parse(`${text}+08:00`);

describe('daily job scheduling', () => {
  it.each([
    ['2026-11-29T23:59:00', 60_000],
    ['2026-11-29T00:00:00', 86_400_000],
    ['2026-11-29T12:00:00', 43_200_000],
  ])('from %s WITA the next local midnight is %i ms away', (local, ms) => {
    expect(msUntilNextLocalMidnight(wita(local), 'Asia/Makassar')).toBe(ms);
  });

  it('runs at start, then after each local midnight, and stops', async () => {
    const clock = fixedClock(wita('2026-11-29T22:00:00'));
    const timers: { fn: () => void; ms: number }[] = [];
    const runs: number[] = [];
    const job = startDailyJob({
      run: async () => {
        runs.push(clock.now());
      },
      clock,
      timeZone: 'Asia/Makassar',
      onError: (err) => {
        throw err;
      },
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => undefined,
    });
    await job.idle();
    expect(runs).toEqual([wita('2026-11-29T22:00:00')]);
    expect(timers.at(-1)?.ms).toBe(2 * 3_600_000 + 60_000);

    clock.set(wita('2026-11-30T00:01:00'));
    timers.at(-1)?.fn();
    await job.idle();
    expect(runs).toHaveLength(2);
    expect(timers.at(-1)?.ms).toBe(86_400_000 - 60_000 + 60_000);

    job.stop();
    timers.at(-1)?.fn();
    await job.idle();
    expect(timers).toHaveLength(2);
  });

  it('reports a failed run and keeps the schedule', async () => {
    const clock = fixedClock(wita('2026-11-29T10:00:00'));
    const errors: unknown[] = [];
    const timers: number[] = [];
    const job = startDailyJob({
      run: () => Promise.reject(new Error('database down')),
      clock,
      timeZone: 'Asia/Makassar',
      onError: (err) => errors.push(err),
      setTimer: (_fn, ms) => timers.push(ms),
    });
    await job.idle();
    expect(errors).toHaveLength(1);
    expect(timers).toHaveLength(1);
    job.stop();
  });
});
