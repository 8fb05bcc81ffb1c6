import { AppError, problems, type FieldError } from '../../shared/errors.js';
import type { SearchMissing } from './need-to-know.js';

/** The answers tracing gives besides the shared problems (texts in tracing.messages.ts). */
export const tracingProblems = {
  field: (field: string, messageKey: FieldError['messageKey'], params?: Record<string, string | number>): AppError =>
    problems.validation([{ field, messageKey, ...(params ? { params } : {}) }]),
  /** The id of the existing case only for a caller who may open it: out of scope the answer names neither id nor region. */
  duplicateCase: (existingCaseId: string | null) =>
    new AppError(409, 'duplicate-case', 'conflict.title', existingCaseId ? 'tracing.duplicateCase.detail' : 'tracing.duplicateCase.elsewhere', {}, [], existingCaseId ? { existingCaseId } : {}),
  /** A case outside every scope of a caller who holds the permission elsewhere: 403 without the case's region. */
  caseOutOfScope: () => new AppError(403, 'out-of-scope', 'forbidden.title', 'tracing.caseOutOfScope.detail'),
  /** The exposure search (and the decisions on its candidates) needs a ground: names what is missing. */
  needToKnow: (missing: SearchMissing) => new AppError(403, 'need-to-know', 'tracing.needToKnow.title', `tracing.needToKnow.${missing}`, {}, [], { missing }),
  /** Four eyes: the requester of a suspect's exposure search cannot approve it. */
  ownRequest: () => new AppError(403, 'four-eyes', 'tracing.needToKnow.title', 'tracing.fourEyes.ownRequest'),
  noSearchRequest: () => new AppError(409, 'no-search-request', 'conflict.title', 'tracing.fourEyes.noRequest'),
  searchNotForSuspect: (category: string) => new AppError(409, 'search-approval-not-needed', 'conflict.title', 'tracing.fourEyes.onlySuspect', { category }),
  alreadyApproved: () => new AppError(409, 'search-already-approved', 'conflict.title', 'tracing.fourEyes.alreadyApproved'),
  caseClosed: (category: string) => new AppError(409, 'case-closed', 'conflict.title', 'tracing.caseClosed.detail', { category }),
  alreadyDecided: (status: string) => new AppError(409, 'already-decided', 'conflict.title', 'tracing.alreadyDecided.detail', { status }, [], { status }),
  /** Another decision committed between the read and this one. */
  decidedMeanwhile: () => new AppError(409, 'already-decided', 'conflict.title', 'tracing.alreadyDecided.detail', { status: 'decided' }),
  contactClosed: (status: string) => new AppError(409, 'contact-closed', 'conflict.title', 'tracing.contactClosed.detail', { status }),
  quarantineNotOver: (end: string) => new AppError(409, 'quarantine-not-over', 'conflict.title', 'tracing.quarantineNotOver.detail', { end }),
};
