import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Signed, unguessable token printed in a venue's QR poster (PUBLIC_URL + '/c/' + token).
 *
 * Layout (38 characters, base64url alphabet only, no separator, no padding):
 *
 *   token = posterId (22 chars = 16 random bytes, 128 bits)
 *         + tag      (16 chars = first 12 bytes, 96 bits, of HMAC-SHA256(posterKey, "jb-poster:v1" || idBytes))
 *
 * posterKey = HKDF-SHA256(masterKey, salt = "jaga-baya", info = "venue-poster-token/v1"), so the master key
 * can serve other purposes without a tag from here ever being valid there. The length doubles as the format
 * version: a future layout must use a different length. The token carries no venue id: the database maps
 * posterId -> venue and marks replaced posters, which is how reissuing invalidates the previous poster.
 * 38 characters keep the QR small (a typical https URL plus token fits QR version 5-7 at level Q).
 */

const POSTER_ID_BYTES = 16;
const TAG_BYTES = 12;
const MIN_MASTER_KEY_BYTES = 32;
const HKDF_SALT = 'jaga-baya';
const HKDF_INFO = 'venue-poster-token/v1';
const TAG_DOMAIN = Buffer.from('jb-poster:v1\0', 'utf8');

export const POSTER_ID_LENGTH = 22;
export const POSTER_TAG_LENGTH = 16;
export const POSTER_TOKEN_LENGTH = POSTER_ID_LENGTH + POSTER_TAG_LENGTH;

const TOKEN_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${POSTER_TOKEN_LENGTH}}$`);

export interface IssuedPosterToken {
  /** 128 random bits, base64url (22 chars); the database key of the poster. */
  posterId: string;
  /** posterId followed by its tag; goes into the check-in URL. */
  token: string;
}

// HKDF costs ~16 µs; verification sits on the check-in hot path, so derive once per master key.
// The cache compares key contents, so a caller that reuses or mutates a Buffer never gets a stale key.
const derivedKeyCache = new WeakMap<Buffer, { masterCopy: Buffer; posterKey: Buffer }>();

function posterKeyFor(masterKey: Buffer): Buffer {
  if (masterKey.length < MIN_MASTER_KEY_BYTES) {
    throw new RangeError(`poster token master key must be at least ${MIN_MASTER_KEY_BYTES} bytes`);
  }
  const cached = derivedKeyCache.get(masterKey);
  if (cached && cached.masterCopy.equals(masterKey)) return cached.posterKey;
  const posterKey = Buffer.from(hkdfSync('sha256', masterKey, HKDF_SALT, HKDF_INFO, 32));
  derivedKeyCache.set(masterKey, { masterCopy: Buffer.from(masterKey), posterKey });
  return posterKey;
}

function tagFor(posterKey: Buffer, posterIdBytes: Buffer): Buffer {
  return createHmac('sha256', posterKey).update(TAG_DOMAIN).update(posterIdBytes).digest().subarray(0, TAG_BYTES);
}

/** Creates a new poster id and its signed token. Throws only for a master key shorter than 32 bytes. */
export function issuePosterToken(masterKey: Buffer): IssuedPosterToken {
  const posterKey = posterKeyFor(masterKey);
  const posterIdBytes = randomBytes(POSTER_ID_BYTES);
  const posterId = posterIdBytes.toString('base64url');
  const token = posterId + tagFor(posterKey, posterIdBytes).toString('base64url');
  return { posterId, token };
}

/**
 * The token of an existing poster, from its stored id (the database keeps the id, not the token, so a stolen copy of
 * the posters table cannot be turned into valid tokens without the key). Throws for an id that issuePosterToken could
 * not have produced.
 */
export function posterTokenFor(masterKey: Buffer, posterId: string): string {
  const posterKey = posterKeyFor(masterKey);
  const posterIdBytes = Buffer.from(posterId, 'base64url');
  if (posterIdBytes.length !== POSTER_ID_BYTES || posterIdBytes.toString('base64url') !== posterId) {
    throw new RangeError('not a poster id');
  }
  return posterId + tagFor(posterKey, posterIdBytes).toString('base64url');
}

/**
 * Returns the poster id when the token is well-formed and its tag is valid, else null (never throws for any
 * token value). Whether the poster is still the current one for its venue is the database's question.
 */
export function verifyPosterToken(masterKey: Buffer, token: string): { posterId: string } | null {
  const posterKey = posterKeyFor(masterKey);
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return null;
  const posterId = token.slice(0, POSTER_ID_LENGTH);
  const presentedTagText = token.slice(POSTER_ID_LENGTH);
  const posterIdBytes = Buffer.from(posterId, 'base64url');
  const presentedTag = Buffer.from(presentedTagText, 'base64url');
  // 22 chars carry 132 bits for 128: reject non-canonical spellings so each poster has exactly one token.
  if (posterIdBytes.length !== POSTER_ID_BYTES || posterIdBytes.toString('base64url') !== posterId) return null;
  if (presentedTag.length !== TAG_BYTES) return null;
  const expectedTag = tagFor(posterKey, posterIdBytes);
  return timingSafeEqual(expectedTag, presentedTag) ? { posterId } : null;
}

/** PUBLIC_URL + '/c/' + token, tolerating a trailing slash on PUBLIC_URL. */
export function checkInUrlFor(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/c/${token}`;
}
