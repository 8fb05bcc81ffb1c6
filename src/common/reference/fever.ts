/**
 * Fever, for every screen and rule that flags it: at or above 38.0 °C (TEMP_THRESHOLD_C, domain.md §4.6; the KMK 413
 * suspect criteria use the same figure). Border posts refer such a traveller for a rapid test; the tracer's and the
 * village officer's follow-up lists highlight such a daily report.
 */
export const FEVER_THRESHOLD_C = 38.0;
