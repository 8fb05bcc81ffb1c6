// Health records (issue #16): a health worker's vaccinations and test results, one by one or from a CSV file.
// Shapes from the generated OpenAPI types.
import { request } from '../../api/client';
import type { ApiBody, ApiResponse } from '../../api/types';

export type VaccinationInput = ApiBody<'recordVaccination'>;
export type TestResultInput = ApiBody<'recordTestResult'>;
export type ImportInput = ApiBody<'importHealthRecords'>;
export type ImportPreview = ApiResponse<'previewHealthRecordsImport'>;
export type ImportResult = ApiResponse<'importHealthRecords'>;

export const healthRecordsApi = {
  vaccination: (body: VaccinationInput) => request<ApiResponse<'recordVaccination', 201>>('/vaccinations', { method: 'POST', body }),
  testResult: (body: TestResultInput) => request<ApiResponse<'recordTestResult', 201>>('/test-results', { method: 'POST', body }),
  preview: (body: ImportInput) => request<ImportPreview>('/health-records/import/preview', { method: 'POST', body }),
  import: (body: ImportInput) => request<ImportResult>('/health-records/import', { method: 'POST', body }),
};
