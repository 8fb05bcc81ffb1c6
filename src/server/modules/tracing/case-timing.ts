import type { Clock } from '../../shared/clock.js';
import { localDate } from '../../shared/local-time.js';
import { usualStayMinutes } from '../../../common/reference/sectors.js';
import type { ExposureOptions } from './exposure.js';
import { tracingWindow, type TracingSettings } from './tracing.rules.js';
import type { CasesTable } from './tracing.table.js';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** "Today" in the city, a case's tracing window and the options of the exposure core: what several use cases share. */
export interface CaseTiming {
  today(): string;
  localDate(epochMs: number): string;
  /** Longest stay a visit is taken to last (bounds the SQL search). */
  maxStayMs: number;
  windowOf(c: CasesTable): { start: number; end: number };
  exposureOptions(window: { start: number; end: number }): ExposureOptions;
}

export function createCaseTiming(deps: { clock: Clock; settings: TracingSettings; timeZone: string }): CaseTiming {
  const { clock, settings, timeZone } = deps;
  const maxStayMs = settings.maxStayHours * 60 * MINUTE;
  return {
    today: () => localDate(clock.now(), timeZone),
    localDate: (epochMs) => localDate(epochMs, timeZone),
    maxStayMs,
    windowOf: (c) =>
      tracingWindow(
        { category: c.category, onsetDate: c.onset_date, specimenDate: c.specimen_date, isolationStart: c.isolation_start },
        settings,
        localDate(c.created_at, timeZone),
        clock.now(),
        timeZone,
      ),
    exposureOptions: (window) => ({
      windowStart: window.start,
      windowEnd: window.end,
      now: clock.now(),
      maxStayMs,
      usualStayMs: (type) => usualStayMinutes(type) * MINUTE,
      closeThresholdMs: (type) => (settings.closeContactMinutesByVenueType[type ?? ''] ?? settings.closeContactMinutes) * MINUTE,
    }),
  };
}
