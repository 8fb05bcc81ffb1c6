/** One level's published open data of one settled day (migration 2026-12-09-01): its rows, suppressed, as JSON and CSV. */
export interface OpenDataDaysTable {
  /** desa | kecamatan | kota */
  level: string;
  /** local day, YYYY-MM-DD */
  day: string;
  /** of json and csv, to rewrite only a day whose text changed */
  digest: string;
  /** the day's rows as JSON objects joined by commas, without brackets ('' when there are no regions) */
  json: string;
  /** the day's rows as CSV lines, each ending in CRLF, without the header */
  csv: string;
  published_at: number;
}
