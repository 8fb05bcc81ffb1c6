import { OpeningOut } from '../../shared/opening-text.js';
import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { MULTILINE } from '../../shared/text-fields.js';

const Id = Type.String({ pattern: ID_PATTERN });
const Secret = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Score = Type.Integer({ minimum: 1, maximum: 5 });
const Iso = Type.String({ format: 'date-time' });
const NullableIso = Type.Union([Type.String(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A visit the device holds, proven by the check-out secret it received at check-in. */
const VisitClaim = Type.Object({ visitId: Id, checkoutSecret: Secret });

export const CheckinBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 100 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  phone: Type.String({ minLength: 1, maxLength: 30 }),
  /**
   * The visit this device holds open, if any. A phone number is only a claim: only this proof makes a rescan of the
   * same venue a duplicate and closes the visit at another venue; without it, a check-in is a new visit.
   */
  currentVisit: Type.Optional(VisitClaim),
});

export const Occupancy = Type.Object({ current: Type.Integer(), limit: Type.Integer() });

export const CheckinReply = Type.Object({
  visitId: Type.String(),
  /** Only on a new visit: the device keeps it to check out and rate (and to prove the visit); never returned again. */
  checkoutSecret: Type.Union([Type.String(), Type.Null()]),
  duplicate: Type.Boolean(),
  venue: Type.Object({ id: Type.String(), name: Type.String() }),
  checkedInAt: Type.String(),
  occupancy: Occupancy,
  closesAtLocal: Type.Union([Type.String(), Type.Null()]),
  /** The visit the device proved (currentVisit) and that this check-in closed, else null. */
  closedVisitId: Type.Union([Type.String(), Type.Null()]),
  /** Where the rules in force ask the door to check status (issue #16): the visitor's colour, big for the doorkeeper. */
  status: Type.Union([Type.Object({ colour: Type.Union([Type.Literal('hijau'), Type.Literal('kuning'), Type.Literal('merah'), Type.Literal('hitam'), Type.Literal('unverified')]), until: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
});

export const VisitParams = Type.Object({ visitId: Id });
export const CheckoutBody = Type.Object({ checkoutSecret: Secret });
export const CheckoutReply = Type.Object({ visitId: Type.String(), checkedOutAt: Type.String() });

export const RatingBody = Type.Object({
  checkoutSecret: Secret,
  scores: Type.Object({ masks: Score, handwashing: Score, distancing: Score, temperature: Score, cleanliness: Score }),
  comment: Type.Optional(Type.String({ maxLength: 500, ...MULTILINE })),
});

export const DeviceVisitsBody = Type.Object({
  visits: Type.Array(VisitClaim, { maxItems: 50 }),
});
export const DeviceVisitsReply = Type.Array(
  Type.Object({
    visitId: Type.String(),
    venue: Type.Object({ id: Type.String(), name: Type.String() }),
    checkedInAt: Type.String(),
    checkedOutAt: NullableIso,
    estimated: Type.Boolean(),
    rated: Type.Boolean(),
  }),
);

export const VenueParams = Type.Object({ id: Id });
export const VenueVisitParams = Type.Object({ id: Id, visitId: Id });
export const OccupancyReply = Type.Object({ current: Type.Integer(), limit: Type.Integer(), capacityPercent: Type.Number() });

export const StaffVisitBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  phone: Type.String({ minLength: 1, maxLength: 30 }),
  checkedInAt: Iso,
  checkedOutAt: Type.Optional(Type.Union([Iso, Type.Null()])),
  source: Type.Enum(['desk', 'paper']),
});
export const StaffVisitReply = Type.Object({ visitId: Type.String() });

export const OpenVisitsReply = Type.Object({
  items: Type.Array(
    Type.Object({
      visitId: Type.String(),
      name: Type.String(),
      /** Masked: 0812-****-7890. */
      phone: Type.String(),
      checkedInAt: Type.String(),
      source: Type.String(),
    }),
  ),
  occupancy: OccupancyReply,
  /**
   * Minutes of the last hour with check-ins nobody could have made at the door (newest first): `beyond_door`, more
   * than the entrance lets through (`perMinute`); `one_address` / `many_addresses`, a burst from one connection or from
   * many at once ran into the poster's limits. `checkins`: how many got in that minute.
   */
  bursts: Type.Array(
    Type.Object({
      at: Type.String(),
      checkins: Type.Integer(),
      perMinute: Type.Integer(),
      reason: Type.Union([Type.Literal('beyond_door'), Type.Literal('one_address'), Type.Literal('many_addresses')]),
    }),
  ),
});

export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export const ReleaseRatingsReply = Type.Object({ released: Type.Integer() });

export const OversightQuery = Type.Object({ region: Type.String({ pattern: REGION_CODE_PATTERN, maxLength: 40 }) });

/** A refused check-in: when, why (the refusal reason) and the rule's detail. */
const Refusal = Type.Object({ at: Type.String(), reason: Type.String(), detail: NullableString });

export const CheckinSummaryReply = Type.Object({
  occupancy: OccupancyReply,
  rules: Type.Object({
    open: Type.Boolean(),
    window: Type.Union([Type.Object({ from: Type.String(), until: Type.String(), crossesMidnight: Type.Boolean() }), Type.Null()]),
    closesAtLocal: NullableString,
    opening: OpeningOut,
    reasonId: NullableString,
    reasonEn: NullableString,
  }),
  /** Visits by local hour of today, 0-23. */
  todayByHour: Type.Array(Type.Integer()),
  visitsToday: Type.Integer(),
  ratings: Type.Object({
    count: Type.Integer(),
    /** The mean score of each rating item (masks, handwashing …) over the last 30 days (null without ratings). */
    averages: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
    comments: Type.Array(Type.Object({ at: Type.String(), comment: Type.String(), mean: Type.Number() })),
    /** Ratings of the same 30 days held for review as part of a burst (from one address, or of phones never seen before): counted nowhere until released. */
    held: Type.Object({ count: Type.Integer(), fromOneAddress: Type.Integer(), fromNewPhones: Type.Integer(), latestAt: NullableString }),
  }),
  refusedToday: Type.Array(Refusal),
});

export const OversightReply = Type.Object({
  poorRatings: Type.Array(Type.Object({ venueId: Type.String(), name: Type.String(), count: Type.Integer(), mean: Type.Number() })),
  overCapacity: Type.Array(Type.Object({ venueId: Type.String(), name: Type.String(), current: Type.Integer(), limit: Type.Integer() })),
  refusedAttempts: Type.Array(Type.Object({ ...Refusal.properties, venueId: NullableString, venueName: NullableString })),
});

/** A check-in the phone kept while it had no signal, sent later (issue #16): the phone's time and its own key. */
export const OfflineCheckinBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 100 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  phone: Type.String({ minLength: 1, maxLength: 30 }),
  /** Random, chosen by the phone once per kept check-in: a replay with it stores nothing new. */
  clientKey: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  /** The phone's time of the scan: at most 12 hours ago, not in the future (2 minutes of clock skew allowed). */
  checkedInAt: Iso,
  /** Chosen by the phone: it proves the visit afterwards (check-out, rating, history, inbox). */
  checkoutSecret: Secret,
});

export const OfflineCheckinReply = Type.Object({
  visitId: Type.String(),
  /** true when this key had been stored already (a replay): the same visit, nothing new written. */
  duplicate: Type.Boolean(),
  venue: Type.Object({ id: Type.String(), name: Type.String() }),
  checkedInAt: Type.String(),
  /** Set when the usual stay had already passed: the end is estimated. */
  checkedOutAt: NullableIso,
  /** The venue was already full at the claimed time (recorded; an offline check-in is never refused for it). */
  overCapacity: Type.Boolean(),
  source: Type.Literal('offline'),
});
