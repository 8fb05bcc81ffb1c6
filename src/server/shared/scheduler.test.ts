import { describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { createScheduler, DAILY_AFTER_MIDNIGHT, msUntilNext, msUntilNextLocalMidnight } from './scheduler.js';

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
    const scheduler = createScheduler({
      clock,
      timeZone: 'Asia/Makassar',
      onError: (_job, err) => {
        throw err;
      },
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => undefined,
    });
    const job = scheduler.add({
      name: 'test.daily',
      pattern: DAILY_AFTER_MIDNIGHT,
      runAtStart: true,
      run: async () => {
        runs.push(clock.now());
      },
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
    const scheduler = createScheduler({
      clock,
      timeZone: 'Asia/Makassar',
      onError: (_job, err) => errors.push(err),
      setTimer: (_fn, ms) => timers.push(ms),
    });
    const job = scheduler.add({ name: 'test.failing', pattern: DAILY_AFTER_MIDNIGHT, runAtStart: true, run: () => Promise.reject(new Error('database down')) });
    await job.idle();
    expect(errors).toHaveLength(1);
    expect(timers).toHaveLength(1);
    job.stop();
  });
});

describe('the scheduler', () => {
  it('reads patterns in the time zone (croner)', () => {
    // 00:01 WITA is 16:01 UTC the day before.
    expect(msUntilNext(DAILY_AFTER_MIDNIGHT, Date.parse('2026-11-29T16:00:00Z'), 'Asia/Makassar')).toBe(60_000);
    expect(msUntilNext(DAILY_AFTER_MIDNIGHT, Date.parse('2026-11-29T16:00:00Z'), 'UTC')).toBe(8 * 3_600_000 + 60_000);
  });

  it('never overlaps a job with itself: the next run is armed only when the current one has finished', async () => {
    const clock = fixedClock(wita('2026-11-29T10:00:30'));
    const timers: { fn: () => void; ms: number }[] = [];
    let finish: () => void = () => undefined;
    let started = 0;
    const scheduler = createScheduler({ clock, timeZone: 'Asia/Makassar', onError: () => undefined, setTimer: (fn, ms) => timers.push({ fn, ms }) });
    const job = scheduler.add({
      name: 'test.slow',
      pattern: '0 * * * * *',
      runAtStart: true,
      run: () => {
        started++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    expect(started).toBe(1);
    expect(timers).toHaveLength(0);
    clock.advance(90_000);
    finish();
    await job.idle();
    expect(timers).toHaveLength(1);
    expect(timers[0]?.ms).toBe(60_000 - ((30_000 + 90_000) % 60_000));
  });

  it('reports results worth reporting, and stop() waits for the runs in progress', async () => {
    const clock = fixedClock(wita('2026-11-29T10:00:00'));
    const done: [string, unknown][] = [];
    let finish: () => void = () => undefined;
    const scheduler = createScheduler({ clock, timeZone: 'Asia/Makassar', onError: () => undefined, onDone: (job, result) => done.push([job, result]), setTimer: () => 0 });
    scheduler.add({ name: 'quiet', pattern: '0 0 * * * *', runAtStart: true, run: async () => undefined });
    scheduler.add({ name: 'busy', pattern: '0 0 * * * *', runAtStart: true, run: () => new Promise((resolve) => (finish = () => resolve({ closed: 2 }))) });
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(done).toEqual([['busy', { closed: 2 }]]);
  });
});
