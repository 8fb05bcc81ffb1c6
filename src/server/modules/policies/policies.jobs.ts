/**
 * The policies area's daily job, in process: right after start-up (catch-up) and then shortly after every local
 * midnight, it advances village PKM lifecycles and stores the day's zone of every desa/kelurahan (see
 * PoliciesService.runDaily). Several API processes may each run it: every step is idempotent.
 */
import type { Clock } from '../../shared/clock.js';
import { zoneOffsetMs } from '../../shared/local-time.js';

const MS_PER_DAY = 86_400_000;

/** Milliseconds from `now` to the next local midnight in the zone (never 0: at midnight exactly, the next one). */
export function msUntilNextLocalMidnight(now: number, timeZone: string): number {
  const local = now + zoneOffsetMs(now, timeZone);
  const intoDay = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return MS_PER_DAY - intoDay;
}

export interface DailyJobOptions {
  run: () => Promise<unknown>;
  clock: Clock;
  timeZone: string;
  onError: (err: unknown) => void;
  onDone?: (result: unknown) => void;
  /** Wait this long after midnight, so that a clock a little behind still lands on the new day. */
  delayAfterMidnightMs?: number;
  runAtStart?: boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface DailyJob {
  stop(): void;
  /** Resolves when the run in progress (if any) has finished. */
  idle(): Promise<void>;
}

export function startDailyJob(options: DailyJobOptions): DailyJob {
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms).unref());
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as NodeJS.Timeout));
  const delay = options.delayAfterMidnightMs ?? 60_000;
  let stopped = false;
  let handle: unknown = null;
  let running: Promise<void> = Promise.resolve();

  const fire = () => {
    running = options
      .run()
      .then((result) => options.onDone?.(result))
      .catch((err: unknown) => options.onError(err))
      .finally(() => {
        if (!stopped) schedule();
      });
  };
  const schedule = () => {
    handle = setTimer(fire, msUntilNextLocalMidnight(options.clock.now(), options.timeZone) + delay);
  };

  if (options.runAtStart ?? true) fire();
  else schedule();

  return {
    stop() {
      stopped = true;
      if (handle !== null) clearTimer(handle);
    },
    idle: () => running,
  };
}
