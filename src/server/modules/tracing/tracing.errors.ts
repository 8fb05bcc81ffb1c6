import { AppError, problems, type FieldError } from '../../shared/errors.js';

/** The answers tracing gives besides the shared problems (texts in tracing.messages.ts). */
export const tracingProblems = {
  field: (field: string, messageKey: FieldError['messageKey'], params?: Record<string, string | number>): AppError =>
    problems.validation([{ field, messageKey, ...(params ? { params } : {}) }]),
  duplicateCase: (existingCaseId: string) => new AppError(409, 'duplicate-case', 'conflict.title', 'tracing.duplicateCase.detail', {}, [], { existingCaseId }),
  caseClosed: (category: string) => new AppError(409, 'case-closed', 'conflict.title', 'tracing.caseClosed.detail', { category }),
  alreadyDecided: (status: string) => new AppError(409, 'already-decided', 'conflict.title', 'tracing.alreadyDecided.detail', { status }, [], { status }),
  /** Another decision committed between the read and this one. */
  decidedMeanwhile: () => new AppError(409, 'already-decided', 'conflict.title', 'tracing.alreadyDecided.detail', { status: 'decided' }),
  contactClosed: (status: string) => new AppError(409, 'contact-closed', 'conflict.title', 'tracing.contactClosed.detail', { status }),
  quarantineNotOver: (end: string) => new AppError(409, 'quarantine-not-over', 'conflict.title', 'tracing.quarantineNotOver.detail', { end }),
};
