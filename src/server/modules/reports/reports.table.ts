/** A staff account's subscription to the weekly evaluation report by e-mail (issue #17). */
export interface WeeklyReportSubscriptionsTable {
  user_id: string;
  /** The address, sealed under the `reports:contact` key (staff accounts have no e-mail of their own). */
  email_enc: string;
  created_at: number;
  updated_at: number;
}
