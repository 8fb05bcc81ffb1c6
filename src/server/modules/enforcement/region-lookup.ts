import { AppError, type FieldError } from '../../shared/errors.js';
import type { RegionsService } from '../regions/index.js';

/**
 * A region the caller named in a body field: the region, or (unknown code) a field error added to `errors`. Only a
 * 404 becomes a field error; anything else (the database failing) is thrown as it is.
 */
export async function regionOrFieldError(regions: Pick<RegionsService, 'requireRegion'>, code: string, field: string, errors: FieldError[]) {
  try {
    return await regions.requireRegion(code);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) {
      errors.push({ field, messageKey: 'validation.unknownRegion' });
      return undefined;
    }
    throw error;
  }
}
