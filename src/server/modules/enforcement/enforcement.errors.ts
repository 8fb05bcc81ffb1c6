import { AppError, problems, type FieldError } from '../../shared/errors.js';

/** The answers enforcement gives besides the shared problems (texts under problems.enforcement in the catalogue). */
export const enforcementProblems = {
  field: (field: string, messageKey: FieldError['messageKey'], params?: Record<string, string | number>): AppError =>
    problems.validation([{ field, messageKey, ...(params ? { params } : {}) }]),
  /** An offline entry sent again: it was stored the first time; the answer names the stored one and changes nothing. */
  replayed: (existingId: string) => new AppError(409, 'duplicate-entry', 'conflict.title', 'enforcement.replayed', {}, [], { existingId }),
  violationAnnulled: () => new AppError(409, 'violation-annulled', 'conflict.title', 'enforcement.violationAnnulled'),
  sanctionClosed: (status: string) => new AppError(409, 'sanction-closed', 'conflict.title', 'enforcement.sanctionClosed', { status }, [], { status }),
  noLadder: (date: string) => new AppError(409, 'no-ladder', 'conflict.title', 'enforcement.noLadder', { date }),
  /** A violation holds at most a few photos (the phone screen allows as many). */
  photoLimit: (max: number) => new AppError(409, 'photo-limit', 'conflict.title', 'enforcement.photoLimit', { max }, [], { max }),
  /** The photo body: not a picture that decodes (400), or over the size limit (413); either names the field `photo`. */
  photoNotImage: () => problems.validation([{ field: 'photo', messageKey: 'validation.photoNotImage' }]),
  photoTooLarge: (limit: number) => new AppError(413, 'photo-too-large', 'tooLarge.title', 'photoTooLarge.detail', { limit }, [{ field: 'photo', messageKey: 'validation.photoTooLarge', params: { limit } }]),
  /** A rapid test is already on the check: the answer names its result, so a replay of the same one counts as sent. */
  rapidTestRecorded: (result: string) => new AppError(409, 'rapid-test-recorded', 'conflict.title', 'enforcement.rapidTestRecorded', { result }, [], { result }),
  /** Adat sanctions are the desa adat's: only its adat officer applies them. */
  adatOnly: () => new AppError(403, 'adat-sanction', 'forbidden.title', 'enforcement.adatOnly'),
};
