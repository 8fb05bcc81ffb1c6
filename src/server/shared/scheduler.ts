/**
 * THE scheduler for periodic work (the daily policies job, visit auto-close and purge, tracing housekeeping,
 * notification retention). Every module registers its jobs from its `<area>.jobs.ts`; main.ts owns the one instance.
 *
 * croner is the calendar: a job's pattern (seconds first, "0 1 0 * * *" = 00:01:00) is read in the city's time zone,
 * daylight saving included, so "after every local midnight" means what it says anywhere. This file adds what a
 * server needs around it, in one place:
 * - "now" comes from the injected Clock (tests pin time; croner would read Date.now());
 * - a job never overlaps itself: the next run is scheduled only when the current one has finished;
 * - a failed run is reported through onError (logged by main.ts), and the schedule goes on;
 * - stop() clears the timers and resolves when the runs in progress have finished (graceful shutdown).
 * Several processes may run the same jobs: every job must be idempotent. With a `guard` (main.ts passes the
 * operations module's job-run claims), a due run is claimed first and runs on exactly one of them; a catch-up run at
 * start (`runAtStart`) is not a due run and is not claimed.
 */
import { Cron } from 'croner';
import type { Clock } from './clock.js';

/** setTimeout's longest delay; a later run is reached in several hops. */
const MAX_TIMER_MS = 2_147_483_647;

/** Well-known patterns (croner syntax, seconds first). */
export const EVERY_MINUTE = '0 * * * * *';
export const EVERY_HOUR = '0 0 * * * *';
/** One minute after local midnight, so that a clock a little behind still lands on the new day. */
export const DAILY_AFTER_MIDNIGHT = '0 1 0 * * *';

export interface JobSpec {
  /** Names the job in the logs, e.g. "policies.daily". */
  name: string;
  /** A croner pattern, read in the scheduler's time zone. */
  pattern: string;
  /** Resolves to a result worth logging, or undefined when there is nothing to report. */
  run: () => Promise<unknown>;
  /** Run once right away (catch-up after a restart), then on the pattern. */
  runAtStart?: boolean;
}

export interface ScheduledJob {
  readonly name: string;
  stop(): void;
  /** Resolves when the run in progress (if any) has finished. */
  idle(): Promise<void>;
}

/** Decides which process runs a due run (one row per job and due instant in a shared database). */
export interface RunGuard {
  /** True when this process won the due run. */
  claim(job: string, dueAt: number): Promise<boolean>;
  finish(job: string, dueAt: number, outcome: 'done' | 'failed'): Promise<void>;
}

export interface SchedulerOptions {
  clock: Clock;
  guard?: RunGuard;
  /** Every run's outcome (metrics); `skipped`: another process claimed the due run. */
  onOutcome?: (job: string, outcome: 'done' | 'failed' | 'skipped') => void;
  timeZone: string;
  onError: (job: string, err: unknown) => void;
  onDone?: (job: string, result: unknown) => void;
  /** Seams for tests; by default an unref'd setTimeout (a pending job never keeps the process alive). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Scheduler {
  add(spec: JobSpec): ScheduledJob;
  /** Stops every job and resolves when their runs in progress have finished. */
  stop(): Promise<void>;
}

/** Milliseconds from `now` to the pattern's next instant in the zone (strictly after `now`), or null if none. */
export function msUntilNext(pattern: string, now: number, timeZone: string): number | null {
  const next = new Cron(pattern, { timezone: timeZone, paused: true }).nextRun(new Date(now));
  return next === null ? null : next.getTime() - now;
}

/** Milliseconds from `now` to the next local midnight in the zone (never 0: at midnight exactly, the next one). */
export function msUntilNextLocalMidnight(now: number, timeZone: string): number {
  return msUntilNext('0 0 0 * * *', now, timeZone) as number;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms).unref());
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as NodeJS.Timeout));
  const jobs: ScheduledJob[] = [];

  function add(spec: JobSpec): ScheduledJob {
    // Paused: croner only answers "when next?"; the timers below are ours (clock seam, no overlap, stop and wait).
    const calendar = new Cron(spec.pattern, { timezone: options.timeZone, paused: true });
    let stopped = false;
    let handle: unknown = null;
    let running: Promise<void> = Promise.resolve();
    /** The instant the pending timer is for: the next run is strictly after it, even if a timer fires early. */
    let due = Number.NEGATIVE_INFINITY;

    const fire = () => {
      handle = null;
      if (stopped) return;
      const now = options.clock.now();
      if (now < due - 1_000) {
        // A long wait split into hops, or a timer that fired well before its time: wait on.
        arm(due - now);
        return;
      }
      const dueAt = Number.isFinite(due) ? due : null;
      const guard = dueAt === null ? undefined : options.guard;
      running = (async () => {
        let claimed = false;
        try {
          if (guard && dueAt !== null) {
            claimed = await guard.claim(spec.name, dueAt);
            if (!claimed) {
              options.onOutcome?.(spec.name, 'skipped');
              return;
            }
          }
          const result = await spec.run();
          if (claimed) await guard?.finish(spec.name, dueAt as number, 'done');
          options.onOutcome?.(spec.name, 'done');
          if (result !== undefined) options.onDone?.(spec.name, result);
        } catch (err) {
          if (claimed) await guard?.finish(spec.name, dueAt as number, 'failed').catch(() => undefined);
          options.onOutcome?.(spec.name, 'failed');
          options.onError(spec.name, err);
        } finally {
          if (!stopped) schedule();
        }
      })();
    };
    const arm = (ms: number) => {
      handle = setTimer(fire, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    };
    const schedule = () => {
      const from = Math.max(options.clock.now(), due);
      const next = calendar.nextRun(new Date(from));
      if (next === null) return;
      due = next.getTime();
      arm(due - options.clock.now());
    };

    if (spec.runAtStart) fire();
    else schedule();

    const job: ScheduledJob = {
      name: spec.name,
      stop() {
        stopped = true;
        if (handle !== null) clearTimer(handle);
        handle = null;
      },
      idle: () => running,
    };
    jobs.push(job);
    return job;
  }

  return {
    add,
    async stop() {
      for (const job of jobs) job.stop();
      await Promise.all(jobs.map((job) => job.idle()));
    },
  };
}
