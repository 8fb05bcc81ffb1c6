// Fines (issue #15): the day's ledger per team, fines still due, later payments, deposits to the kas daerah and the
// daily cash report. Shapes from the generated OpenAPI types.
import { API_BASE, ApiError, request } from '../../api/client';
import i18n from '../../i18n';
import type { ApiBody, ApiResponse } from '../../api/types';

export type Ledger = ApiResponse<'getFinesLedger'>;
export type LedgerRow = Ledger['rows'][number];
export type OutstandingFine = ApiResponse<'listOutstandingFines'>[number];
export type Offence = ApiResponse<'listOffences'>[number];

export const finesApi = {
  ledger: (date: string, signal?: AbortSignal) => request<Ledger>('/fines/ledger', { query: { date }, signal }),
  outstanding: (signal?: AbortSignal) => request<OutstandingFine[]>('/fines/outstanding', { signal }),
  offences: (signal?: AbortSignal) => request<Offence[]>('/offences', { signal }),
  pay: (sanctionId: string, receiptNumber: string) => request<ApiResponse<'payFine'>>(`/sanctions/${encodeURIComponent(sanctionId)}/payment`, { method: 'POST', body: { receiptNumber } }),
  deposit: (body: ApiBody<'recordFineDeposit'>) => request<ApiResponse<'recordFineDeposit', 201>>('/fine-deposits', { method: 'POST', body }),
  /** The cash report's address (the link's target, for opening it in a new tab). */
  reportUrl: (date: string, format: 'csv' | 'pdf') => `${API_BASE}/fines/cash-report.${format}?date=${encodeURIComponent(date)}`,
  /** Downloads the cash report in the app's language (a plain link would send the browser's, not the one chosen here). */
  async downloadReport(date: string, format: 'csv' | 'pdf'): Promise<void> {
    const response = await fetch(finesApi.reportUrl(date, format), { headers: { 'Accept-Language': i18n.language || 'id' }, credentials: 'same-origin' });
    if (!response.ok) throw new ApiError({ status: response.status, type: 'about:blank' });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `kas-denda-${date}.${format}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
