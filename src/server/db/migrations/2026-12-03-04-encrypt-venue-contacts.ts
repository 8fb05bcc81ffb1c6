import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { decryptText, deriveKey, encryptText, keyedHash } from '../../shared/crypto.js';

/*
 * Issue #14, finding 11: the contact data of venues and their managers is encrypted at rest, like visitors', and the
 * audit log and the venue history name the fields a correction changed, never a personal value.
 *
 * - `venues.contact_phone` becomes `contact_phone_enc` (AES-256-GCM), the rows written before encrypted in place;
 * - `venue_manager_profiles.phone` / `email` become `phone_enc` / `email_enc`, with the blind indexes `phone_hash` /
 *   `email_hash` (HMAC of the normalised value) carrying the uniqueness the plaintext columns had;
 * - `audit_log.details` of `venue.correct` keep the names of the changed fields only (`changed`), and those of
 *   `venue_manager.signup` lose the e-mail (the entity id names the account);
 * - `venue_status_events.details` of corrections keep from/to for the venue's own fields, and only the name of a
 *   personal one (`contactPhone`, `contactName`).
 *
 * The key is the instance key (config.secretKey): migrateToLatest passes it in. The purposes are the ones of
 * modules/venues/venue-contact.ts, written out here so that this migration never changes with the module.
 */

const DATA_PURPOSE = 'venues:contact';
const LOOKUP_PURPOSE = 'venues:contact-lookup';
/** The venue fields that name or reach a person: their values leave the venue history. */
const PERSONAL_FIELDS = ['contactPhone', 'contactName'];

export function encryptVenueContacts(secretKey: Buffer): Migration {
  const dataKey = deriveKey(secretKey, DATA_PURPOSE);
  const lookupKey = deriveKey(secretKey, LOOKUP_PURPOSE);
  const lookup = (kind: 'phone' | 'email', value: string) => keyedHash(lookupKey, `${kind}:${value}`);

  return {
    async up(db: Kysely<any>): Promise<void> {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

      // Venues: the column keeps its place, renamed to say what it holds; each value is encrypted where it is.
      await db.schema.alterTable('venues').renameColumn('contact_phone', 'contact_phone_enc').execute();
      const venues = (await db.selectFrom('venues').select(['id', 'contact_phone_enc']).where('contact_phone_enc', 'is not', null).execute()) as { id: string; contact_phone_enc: string }[];
      for (const v of venues) {
        await db.updateTable('venues').set({ contact_phone_enc: encryptText(dataKey, v.contact_phone_enc) }).where('id', '=', v.id).execute();
      }

      // Manager profiles: sealed values and blind indexes in place of the plaintext columns.
      const profiles = (await db.selectFrom('venue_manager_profiles').select(['user_id', 'phone', 'email', 'created_at']).execute()) as {
        user_id: string;
        phone: string;
        email: string;
        created_at: number | string;
      }[];
      const sealed = profiles.map((p) => {
        const email = p.email.trim().toLowerCase();
        return {
          user_id: p.user_id,
          phone_enc: encryptText(dataKey, p.phone),
          email_enc: encryptText(dataKey, email),
          phone_hash: lookup('phone', p.phone),
          email_hash: lookup('email', email),
          created_at: Number(p.created_at),
        };
      });
      if (postgres) {
        await sql`alter table venue_manager_profiles add column phone_enc text, add column email_enc text, add column phone_hash text, add column email_hash text`.execute(db);
        for (const p of sealed) {
          const { user_id, created_at: _, ...columns } = p;
          await db.updateTable('venue_manager_profiles').set(columns).where('user_id', '=', user_id).execute();
        }
        await sql`alter table venue_manager_profiles drop column phone, drop column email,
          alter column phone_enc set not null, alter column email_enc set not null,
          alter column phone_hash set not null, alter column email_hash set not null`.execute(db);
      } else {
        // SQLite cannot drop a UNIQUE column: the table is rebuilt (no table refers to it).
        await db.schema
          .createTable('venue_manager_profiles_v4')
          .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
          .addColumn('phone_enc', 'text', (c) => c.notNull())
          .addColumn('email_enc', 'text', (c) => c.notNull())
          .addColumn('phone_hash', 'text', (c) => c.notNull())
          .addColumn('email_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        for (const p of sealed) await db.insertInto('venue_manager_profiles_v4').values(p).execute();
        await db.schema.dropTable('venue_manager_profiles').execute();
        await db.schema.alterTable('venue_manager_profiles_v4').renameTo('venue_manager_profiles').execute();
      }
      await db.schema.createIndex('venue_manager_profiles_phone_hash_key').unique().on('venue_manager_profiles').column('phone_hash').execute();
      await db.schema.createIndex('venue_manager_profiles_email_hash_key').unique().on('venue_manager_profiles').column('email_hash').execute();

      // The audit log: the names of what changed, never the values.
      const audits = (await db.selectFrom('audit_log').select(['id', 'action', 'details']).where('action', 'in', ['venue.correct', 'venue_manager.signup']).execute()) as {
        id: string;
        action: string;
        details: string | null;
      }[];
      for (const a of audits) {
        const details = scrubAuditDetails(a.action, a.details);
        if (details !== a.details) await db.updateTable('audit_log').set({ details }).where('id', '=', a.id).execute();
      }

      // The venue history: from/to of the venue's own fields stay, a personal field keeps only its name.
      const events = (await db.selectFrom('venue_status_events').select(['id', 'details']).where('details', 'is not', null).execute()) as { id: string; details: string }[];
      for (const e of events) {
        const details = scrubStatusEventDetails(e.details);
        if (details !== e.details) await db.updateTable('venue_status_events').set({ details }).where('id', '=', e.id).execute();
      }
    },

    /** Back to plaintext columns (the key is at hand); the values scrubbed from the logs are gone for good. */
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('venues').renameColumn('contact_phone_enc', 'contact_phone').execute();
      const venues = (await db.selectFrom('venues').select(['id', 'contact_phone']).where('contact_phone', 'is not', null).execute()) as { id: string; contact_phone: string }[];
      for (const v of venues) {
        await db.updateTable('venues').set({ contact_phone: decryptText(dataKey, v.contact_phone) }).where('id', '=', v.id).execute();
      }
      const profiles = (await db.selectFrom('venue_manager_profiles').select(['user_id', 'phone_enc', 'email_enc', 'created_at']).execute()) as {
        user_id: string;
        phone_enc: string;
        email_enc: string;
        created_at: number | string;
      }[];
      await db.schema.dropIndex('venue_manager_profiles_phone_hash_key').execute();
      await db.schema.dropIndex('venue_manager_profiles_email_hash_key').execute();
      await db.schema
        .createTable('venue_manager_profiles_v3')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('phone', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      for (const p of profiles) {
        await db
          .insertInto('venue_manager_profiles_v3')
          .values({ user_id: p.user_id, phone: decryptText(dataKey, p.phone_enc), email: decryptText(dataKey, p.email_enc), created_at: Number(p.created_at) })
          .execute();
      }
      await db.schema.dropTable('venue_manager_profiles').execute();
      await db.schema.alterTable('venue_manager_profiles_v3').renameTo('venue_manager_profiles').execute();
    },
  };
}

function parse(details: string | null): Record<string, unknown> | null {
  if (details === null) return null;
  try {
    const value: unknown = JSON.parse(details);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function changesOf(details: Record<string, unknown>): Record<string, unknown> | null {
  const changes = details.changes;
  return typeof changes === 'object' && changes !== null && !Array.isArray(changes) ? (changes as Record<string, unknown>) : null;
}

/** `venue.correct`: `changes` (with from/to) becomes `changed` (the names); `venue_manager.signup`: no username. */
export function scrubAuditDetails(action: string, text: string | null): string | null {
  const details = parse(text);
  if (!details) return text;
  if (action === 'venue_manager.signup' && 'username' in details) {
    const { username: _, ...rest } = details;
    return JSON.stringify(rest);
  }
  const changes = changesOf(details);
  if (action === 'venue.correct' && changes) {
    const { changes: _, ...rest } = details;
    return JSON.stringify({ changed: Object.keys(changes), ...rest });
  }
  return text;
}

/** A correction's personal fields keep their name and lose their values. */
export function scrubStatusEventDetails(text: string): string {
  const details = parse(text);
  const changes = details && changesOf(details);
  if (!details || !changes || !PERSONAL_FIELDS.some((f) => f in changes)) return text;
  const scrubbed = Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, PERSONAL_FIELDS.includes(field) ? {} : change]));
  return JSON.stringify({ ...details, changes: scrubbed });
}
