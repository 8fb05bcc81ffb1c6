import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { EnforcementAccess } from './enforcement.access.js';
import { enforcementProblems } from './enforcement.errors.js';
import * as repo from './enforcement.repository.js';
import { MAX_PHOTOS_PER_VIOLATION, reencodeViolationPhoto, VIOLATION_PHOTO_MAX_BYTES } from './violation-photo.js';

export interface PhotosServiceDeps {
  db: Db;
  clock: Clock;
  access: EnforcementAccess;
}

/** Photos of a violation: added by who may record it, read by who may read it; never deleted. */
export function createPhotosService(deps: PhotosServiceDeps) {
  const { db, clock, access } = deps;

  return {
    async addPhoto(ctx: RequestContext, violationId: string, bytes: Buffer, clientKey?: string) {
      const { principal, violation } = await access.requireViolation(ctx, violationId, 'enforcement:record');
      // A photo sent again from the phone's offline queue: the first copy was stored; say which, change nothing.
      const existing = await repo.photosOf(db, violation.id);
      const replayed = clientKey === undefined ? undefined : existing.find((p) => p.client_key === clientKey);
      if (replayed) throw enforcementProblems.replayed(replayed.id);
      if (violation.status === 'annulled') throw enforcementProblems.violationAnnulled();
      if (existing.length >= MAX_PHOTOS_PER_VIOLATION) throw enforcementProblems.photoLimit(MAX_PHOTOS_PER_VIOLATION);
      if (bytes.length > VIOLATION_PHOTO_MAX_BYTES) throw enforcementProblems.photoTooLarge(VIOLATION_PHOTO_MAX_BYTES);
      const photo = await reencodeViolationPhoto(bytes);
      if (!photo) throw enforcementProblems.photoNotImage();

      const now = clock.now();
      const id = newId(now);
      try {
        await db.transaction().execute(async (trx) => {
          // Counted again inside the transaction: two uploads at once must not make a fourth.
          if ((await repo.photosOf(trx, violation.id)).length >= MAX_PHOTOS_PER_VIOLATION) throw enforcementProblems.photoLimit(MAX_PHOTOS_PER_VIOLATION);
          await repo.insertPhoto(trx, { id, violation_id: violation.id, client_key: clientKey ?? null, size: photo.data.length, width: photo.width, height: photo.height, data: photo.data, uploaded_by: principal.userId, created_at: now });
          await recordAudit(trx, clock, ctx, { action: 'violation.photo_add', entityType: 'violation', entityId: violation.id, regionCode: violation.region_code, details: { photoId: id, bytes: photo.data.length, receivedBytes: bytes.length } });
        });
      } catch (error) {
        // Two copies of one queued photo raced: the second finds the first.
        if (clientKey !== undefined) {
          const first = (await repo.photosOf(db, violation.id)).find((p) => p.client_key === clientKey);
          if (first) throw enforcementProblems.replayed(first.id);
        }
        throw error;
      }
      return { id };
    },

    /** The stored JPEG; the read is audited like a read of the violation. */
    async photo(ctx: RequestContext, violationId: string, photoId: string) {
      const { violation } = await access.requireViolation(ctx, violationId, 'enforcement:read');
      const photo = await repo.findPhoto(db, violation.id, photoId);
      if (!photo) throw problems.notFound();
      await recordAudit(db, clock, ctx, { action: 'violation.photo_read', entityType: 'violation', entityId: violation.id, regionCode: violation.region_code, details: { photoId } });
      return Buffer.from(photo.data);
    },
  };
}

export type PhotosService = ReturnType<typeof createPhotosService>;
