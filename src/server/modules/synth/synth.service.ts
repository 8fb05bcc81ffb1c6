/**
 * The synthetic city (issue #19): `npm run cli -- synth --seed 42 --visits 1000000 [--days 28]` fills the configured
 * database with a Denpasar-shaped load — 673,270 residents over the 43 desa/kelurahan, 20,000 venues by sector and
 * type with opening hours, daily routines (work, school, market, the pura, the warung, errands) that become visits with
 * realistic times and stays, and cases seeded along those visits (index cases, then people who shared a venue and an
 * hour with one become secondary cases linked to it).
 *
 * Reproducible: every random draw comes from one seeded generator per purpose (venues, each resident, cases), ids are
 * UUIDv7 made from the row's time and seeded bits, and `now` is fixed by the seed run's `--end` day; the same seed on an
 * empty database gives the same rows. Personal data is sealed exactly as the product seals it, through the owning
 * modules' front doors (visits: the check-in person key and seal; venues: the contact seal; cases: tracing's seal):
 * AES-GCM with a fresh nonce each time, so ciphertexts differ between runs while what they open to is identical.
 *
 * Residents are not stored (the product has no resident register): they are the people who check in. Only the
 * regions' total population is shipped (data/denpasar/regions.csv: 673,270, Dukcapil 2024); the 43 desa carry no
 * figure, so residents are spread by the area of each desa's shipped boundary (denpasar_desa.geojson) — an assumption,
 * said here and in docs/scaling.md. Visits are written resident by resident until `--visits` is reached, so a small
 * run is a few thousand people's full four weeks, not a thin slice of everyone; a target above what the whole
 * population's routine gives makes every resident's days busier (routineVisitsPerDay).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DENPASAR_DATA_DIR } from '../../shared/paths.js';
import type { DatabaseHandle } from '../../db/kysely.js';
import { VENUE_TYPES, usualStayMinutes, type VenueTypeCode } from '../../../common/reference/sectors.js';
import { createVenueBandRollups, insertVenuesBulk, maxVenueNumber, venueContactSealer, type VenueRow } from '../venues/index.js';
import { insertVisitsBulk, loadVisitsWithoutIndexes, prepareVisitDays, settleVisitsAfterBulkWrite, visitsHoldRows, rebuildCheckinRollups, visitSealer, type VisitIndex, type VisitRow } from '../checkins/index.js';
import { forgetPublishedOpenData } from '../open-data/index.js';
import { insertCasesBulk, rebuildCaseRollups, caseSealer, type CasesTable } from '../tracing/index.js';
import { localDateTimeToEpochMs, addDaysToDate } from '../../shared/local-time.js';

export const DENPASAR_POPULATION = 673_270;
export const DENPASAR_VENUES = 20_000;

/** The daily routine: each role's share of the residents and the chance of each outing on a day. */
const ROUTINE = {
  /** Shares of the residents; the rest are at home. Young children do not check in. */
  roles: { child: 0.09, student: 0.2, worker: 0.62 * 0.66 },
  /** Work or school on a workday (workers Monday to Saturday, pupils Monday to Friday). */
  attendance: 0.92,
  /** The pura, fuller on purnama and tilem (about every fifteen days). */
  pura: { holyDay: 0.6, otherDay: 0.22, holyEvery: 15 },
  market: { atHome: 0.35, other: 0.12 },
  warung: 0.45,
  errand: 0.15,
};

/**
 * Visits a resident who checks in (not a child) makes on an average day by ROUTINE: ≈ 1.54, so Denpasar's whole
 * population gives ≈ 26.5 M visits in 28 days. A larger `--visits` (the 50 M) makes the routine busier by extra
 * outings a day (a warung, an errand, the market) rather than inventing residents.
 */
export function routineVisitsPerDay(): number {
  const { roles, attendance, pura, market, warung, errand } = ROUTINE;
  const home = 1 - roles.child - roles.student - roles.worker;
  const outings = (pura.holyDay + (pura.holyEvery - 1) * pura.otherDay) / pura.holyEvery + warung + errand;
  const perRole = (share: number, workdays: number, marketChance: number) => share * ((workdays / 7) * attendance + outings + marketChance);
  return (perRole(roles.worker, 6, market.other) + perRole(roles.student, 5, market.other) + perRole(home, 0, market.atHome)) / (1 - roles.child);
}

export interface SynthOptions {
  seed: number;
  visits: number;
  days: number;
  /** The last local day of the window (YYYY-MM-DD); visits run over the `days` days up to and including it. */
  endDate: string;
  residents?: number;
  venues?: number;
  timeZone: string;
  secretKey: Buffer;
  batchSize?: number;
  /**
   * Visit batches written at once, each on its own connection (PostgreSQL; SQLite has one connection and writes one
   * at a time): the database, not the generator, is what a single writer waits on. Default 2. Same rows either way.
   */
  writers?: number;
  /**
   * Write the visits with their secondary indexes dropped and build them after (checkins' loadVisitsWithoutIndexes):
   * for a scratch database, refused when visits already holds rows unless `evenIfVisits`. Same rows either way.
   */
  bulkLoad?: { evenIfVisits?: boolean; onDropped?: (indexes: VisitIndex[]) => void };
  onProgress?: (done: { visits: number; seconds: number }) => void;
}

export interface SynthResult {
  residents: number;
  activeResidents: number;
  venues: number;
  visits: number;
  cases: number;
  /** `indexes`: building the visits' indexes again after a bulk load (0 without one); `visits` excludes it. */
  seconds: { venues: number; visits: number; indexes: number; vacuum: number; cases: number; rollups: number; total: number };
  visitsPerSecond: number;
}

/** sfc32 seeded through splitmix32: fast, good enough, and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
/** A UUIDv7 from a time and seeded bits: sorts by time like the product's, reproducible from the seed. */
function seededId(ms: number, random: () => number): string {
  const t = hex(ms, 12);
  const r = () => hex(random() * 0x10000, 4);
  const variant = hex(0x8000 | (random() * 0x4000), 4);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r().slice(1)}-${variant}-${r()}${r()}${r()}`;
}

interface Desa {
  code: string;
  name: string;
  kecamatan: string;
  lat: number;
  lon: number;
  /** Share of the population (by boundary area). */
  weight: number;
}

/** The 43 desa/kelurahan of the shipped boundaries, with their share of the residents (by area: see above). */
export function denpasarDesa(): Desa[] {
  const geo = JSON.parse(readFileSync(path.join(DENPASAR_DATA_DIR, 'denpasar_desa.geojson'), 'utf8')) as {
    features: { properties: { code: string; name: string; parent_code: string; centroid_lat: number; centroid_lng: number }; geometry: { type: string; coordinates: unknown } }[];
  };
  const ringArea = (ring: number[][]) => {
    let sum = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0]! * ring[i]![1]!) - (ring[i]![0]! * ring[j]![1]!);
    return Math.abs(sum / 2);
  };
  const areaOf = (geometry: { type: string; coordinates: unknown }) => {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates as number[][][]] : (geometry.coordinates as number[][][][]);
    return polygons.reduce((total, polygon) => total + ringArea(polygon[0]!) - polygon.slice(1).reduce((holes, ring) => holes + ringArea(ring), 0), 0);
  };
  const desa = geo.features.map((f) => ({ code: f.properties.code, name: f.properties.name, kecamatan: f.properties.parent_code, lat: f.properties.centroid_lat, lon: f.properties.centroid_lng, weight: areaOf(f.geometry) }));
  const total = desa.reduce((sum, d) => sum + d.weight, 0);
  return desa.sort((x, y) => x.code.localeCompare(y.code)).map((d) => ({ ...d, weight: d.weight / total }));
}

/** Venues per type in a city of 20,000 (a planning guess from Denpasar's economy: warung and shops dominate). */
const VENUE_MIX: [VenueTypeCode, number, string | null, string | null, number][] = [
  // type, count per 20,000, opens, closes, capacity
  ['warung', 4200, '07:00', '22:00', 20],
  ['food_stall', 1600, '06:00', '21:00', 12],
  ['shop', 3400, '08:00', '21:00', 25],
  ['restaurant', 900, '10:00', '22:00', 60],
  ['cafe', 700, '08:00', '23:00', 40],
  ['house_of_worship', 1500, null, null, 150],
  ['banjar_hall', 450, null, null, 200],
  ['office', 2200, '08:00', '17:00', 60],
  ['personal_care', 700, '09:00', '20:00', 10],
  ['construction_site', 250, '07:00', '17:00', 40],
  ['school', 520, '06:30', '14:00', 400],
  ['university', 30, '07:00', '21:00', 1500],
  ['training_centre', 120, '08:00', '17:00', 60],
  ['traditional_market', 60, '05:00', '13:00', 600],
  ['modern_market', 650, '07:00', '22:00', 80],
  ['mall', 10, '10:00', '22:00', 3000],
  ['bank', 220, '08:00', '15:00', 40],
  ['health_clinic', 320, '07:00', '21:00', 40],
  ['hospital', 25, null, null, 500],
  ['pharmacy', 330, '08:00', '22:00', 15],
  ['government_office', 160, '08:00', '16:00', 100],
  ['public_service_mall', 3, '08:00', '16:00', 300],
  ['hotel', 420, null, null, 200],
  ['tourist_attraction', 40, '08:00', '18:00', 500],
  ['sports_facility', 160, '06:00', '21:00', 100],
  ['public_park', 60, '06:00', '20:00', 500],
  ['nightlife', 90, '20:00', '02:00', 150],
  ['meeting_hall', 60, '08:00', '22:00', 200],
  ['social_institution', 40, '08:00', '16:00', 60],
  ['transport_terminal', 6, '05:00', '22:00', 400],
  ['security_post', 60, null, null, 6],
  ['arts_venue', 30, '09:00', '22:00', 200],
  ['cinema', 8, '11:00', '23:00', 300],
  ['agricultural_business', 40, '06:00', '16:00', 30],
  ['waste_facility', 10, '06:00', '18:00', 30],
  ['public_transport', 5, '05:00', '21:00', 40],
];

const GIVEN_NAMES = ['Wayan', 'Putu', 'Gede', 'Made', 'Kadek', 'Nengah', 'Nyoman', 'Komang', 'Ketut'];
const SECOND_NAMES = ['Sudarma', 'Suartini', 'Astawa', 'Sukerti', 'Artawan', 'Widiastuti', 'Budiasa', 'Puspitasari', 'Wirawan', 'Suryani', 'Mahendra', 'Ariani', 'Darmawan', 'Sriasih', 'Yasa', 'Ayu', 'Adi', 'Dewi', 'Eka', 'Juliana', 'Agus', 'Rai', 'Arsana', 'Antari'];
const VENUE_WORDS: Partial<Record<VenueTypeCode, string>> = {
  warung: 'Warung', food_stall: 'Lapak', shop: 'Toko', restaurant: 'Rumah Makan', cafe: 'Kafe', house_of_worship: 'Pura', banjar_hall: 'Bale Banjar', office: 'Kantor', school: 'Sekolah', traditional_market: 'Pasar', modern_market: 'Minimarket', health_clinic: 'Klinik', pharmacy: 'Apotek', hotel: 'Hotel', bank: 'Bank',
};

/** The city's venues: the mix above spread over the desa by population, deterministic from the seed. */
export function synthVenues(options: { seed: number; count: number; desa: Desa[]; firstNumber: number; createdAt: number; sealPhone: (phone: string) => string }): VenueRow[] {
  const random = seededRandom(options.seed ^ 0x5eed0001);
  const scale = options.count / DENPASAR_VENUES;
  const types = VENUE_MIX.map(([type, n, opens, closes, capacity]) => ({ type, n: Math.max(1, Math.round(n * scale)), opens, closes, capacity }));
  const cumulative = cumulate(options.desa.map((d) => d.weight));
  const rows: VenueRow[] = [];
  const byType = new Map(VENUE_TYPES.map((t) => [t.code, t.sector]));
  for (const t of types) {
    for (let i = 0; i < t.n && rows.length < options.count; i++) {
      const d = options.desa[pick(cumulative, random())]!;
      const number = options.firstNumber + rows.length;
      const word = VENUE_WORDS[t.type] ?? t.type.replace(/_/g, ' ');
      rows.push({
        id: seededId(options.createdAt - 1000 * 3600 * 24 * 30 + rows.length, random),
        venue_number: number,
        name: `${word} ${SECOND_NAMES[Math.floor(random() * SECOND_NAMES.length)]} ${d.name} ${number}`,
        sector: byType.get(t.type)!,
        venue_type: t.type,
        region_code: d.code,
        banjar_code: null,
        desa_adat_code: null,
        address: `Jl. Sintetis ${1 + Math.floor(random() * 200)}, ${d.name}`,
        lat: Number((d.lat + (random() - 0.5) * 0.01).toFixed(6)),
        lon: Number((d.lon + (random() - 0.5) * 0.01).toFixed(6)),
        position_confirmed: 0,
        point_region_code: null,
        capacity: Math.max(2, Math.round(t.capacity * (0.5 + random()))),
        opens_at: t.opens,
        closes_at: t.closes,
        indoor: t.type === 'public_park' || t.type === 'construction_site' ? 0 : 1,
        contact_name: `${GIVEN_NAMES[Math.floor(random() * GIVEN_NAMES.length)]} ${SECOND_NAMES[Math.floor(random() * SECOND_NAMES.length)]}`,
        contact_phone_enc: options.sealPhone(phoneOf(9_000_000 + number)),
        status: 'verified',
        status_reason: null,
        suspended_until: null,
        suspension_sanction_id: null,
        compliance_score: null,
        compliance_badge: 'grey',
        created_by: null,
        created_at: options.createdAt,
        updated_at: options.createdAt,
        verified_at: options.createdAt,
      });
    }
  }
  // Rounding of the mix: the rest are warung, the commonest venue.
  const warung = types[0]!;
  while (rows.length < options.count) {
    const d = options.desa[pick(cumulative, random())]!;
    const number = options.firstNumber + rows.length;
    rows.push({ ...rows[rows.length % Math.max(1, Math.min(rows.length, warung.n))]!, id: seededId(options.createdAt - 1000 * 3600 * 24 * 30 + rows.length, random), venue_number: number, name: `Warung ${d.name} ${number}`, region_code: d.code, lat: d.lat, lon: d.lon, contact_phone_enc: options.sealPhone(phoneOf(9_000_000 + number)) });
  }
  return rows;
}

function cumulate(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}
function pick(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** Synthetic mobile numbers: +62 812 then eight digits from the resident's number (never a real subscriber's format check). */
function phoneOf(n: number): string {
  return `+62812${String(n).padStart(8, '0')}`;
}

/** One resident: where they live, what they do, all drawn from their own seeded generator. */
interface Resident {
  index: number;
  desa: number;
  role: 'worker' | 'student' | 'home' | 'child';
  name: string;
  phone: string;
  work: number;
  pura: number;
  market: number;
  warungs: number[];
}

type Kind = 'work' | 'school' | 'pura' | 'market' | 'warung' | 'errand';
const KIND_TYPES: Record<Kind, VenueTypeCode[]> = {
  work: ['office', 'shop', 'restaurant', 'hotel', 'bank', 'construction_site', 'government_office', 'health_clinic', 'modern_market', 'personal_care', 'cafe'],
  school: ['school'],
  pura: ['house_of_worship'],
  market: ['traditional_market'],
  warung: ['warung', 'food_stall', 'cafe', 'restaurant'],
  errand: ['shop', 'pharmacy', 'bank', 'health_clinic', 'personal_care', 'modern_market', 'banjar_hall', 'sports_facility'],
};

function indexVenues(rows: VenueRow[], desa: Desa[]): { byKind: Record<Kind, { all: number[]; byDesa: Map<string, number[]> }> } {
  const byKind = {} as Record<Kind, { all: number[]; byDesa: Map<string, number[]> }>;
  for (const kind of Object.keys(KIND_TYPES) as Kind[]) {
    const types = new Set<string>(KIND_TYPES[kind]);
    const all: number[] = [];
    const byDesa = new Map<string, number[]>(desa.map((d) => [d.code, []]));
    rows.forEach((v, i) => {
      if (!types.has(v.venue_type)) return;
      all.push(i);
      byDesa.get(v.region_code)?.push(i);
    });
    byKind[kind] = { all, byDesa };
  }
  return { byKind };
}

/** Writes rows in batches of `size`, one after the other. */
async function inBatches<T>(rows: readonly T[], size: number, write: (batch: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Runs the generator against the database; rows go in batches (db/bulk-insert.ts), visits while the next batch is built. */
export async function runSynth(handle: DatabaseHandle, options: SynthOptions): Promise<SynthResult> {
  const started = performance.now();
  const desa = denpasarDesa();
  const population = options.residents ?? DENPASAR_POPULATION;
  const batchSize = options.batchSize ?? (handle.dialect === 'postgres' ? 5000 : 10_000);
  const firstDay = addDaysToDate(options.endDate, -(options.days - 1));
  const dayStart = (i: number) => localDateTimeToEpochMs(addDaysToDate(firstDay, i), '00:00', options.timeZone);
  const createdAt = dayStart(0) - 24 * 3600 * 1000;

  // Refused before anything is written, rather than after the venues.
  if (options.bulkLoad && !options.bulkLoad.evenIfVisits && (await visitsHoldRows(handle))) throw new Error('synth bulk load: visits already holds rows (it is for an empty table; evenIfVisits to do it anyway)');

  // 1. Venues.
  const firstNumber = (await maxVenueNumber(handle.db)) + 1;
  const venues = synthVenues({ seed: options.seed, count: options.venues ?? DENPASAR_VENUES, desa, firstNumber, createdAt, sealPhone: venueContactSealer(options.secretKey) });
  await inBatches(venues, batchSize, (rows) => insertVenuesBulk(handle, rows));
  const venuesDone = performance.now();
  const { byKind } = indexVenues(venues, desa);

  // 2. Residents in a seeded order (who checks in first), each with a home desa and a routine.
  const order = new Uint32Array(population);
  for (let i = 0; i < population; i++) order[i] = i;
  const shuffle = seededRandom(options.seed ^ 0x5eed0002);
  for (let i = population - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const desaCumulative = cumulate(desa.map((d) => d.weight));
  const near = (kind: Kind, desaCode: string, random: () => number) => {
    const local = byKind[kind].byDesa.get(desaCode)!;
    const pool = local.length > 0 && random() < 0.8 ? local : byKind[kind].all;
    return pool[Math.floor(random() * pool.length)]!;
  };
  function residentOf(index: number): { resident: Resident; random: () => number } {
    const random = seededRandom((options.seed * 0x9e3779b1) ^ (index + 1));
    const home = pick(desaCumulative, random());
    const age = random();
    const { child, student, worker } = ROUTINE.roles;
    const role: Resident['role'] = age < child ? 'child' : age < child + student ? 'student' : age < child + student + worker ? 'worker' : 'home';
    const desaCode = desa[home]!.code;
    const workDesa = desa[pick(desaCumulative, random())]!.code;
    const female = random() < 0.5;
    const resident: Resident = {
      index,
      desa: home,
      role,
      name: `${female ? 'Ni' : 'I'} ${GIVEN_NAMES[Math.floor(random() * GIVEN_NAMES.length)]} ${SECOND_NAMES[Math.floor(random() * SECOND_NAMES.length)]}`,
      phone: phoneOf(index),
      work: role === 'worker' ? near('work', workDesa, random) : role === 'student' ? near('school', desaCode, random) : -1,
      pura: near('pura', desaCode, random),
      market: near('market', desaCode, random),
      warungs: [near('warung', desaCode, random), near('warung', desaCode, random), near('warung', role === 'worker' ? workDesa : desaCode, random)],
    };
    return { resident, random };
  }

  // 3. Visits, resident by resident until the target; index cases are the first residents' (they are known first),
  //    and anyone who later shares a venue and an hour with an index case may become a secondary case.
  // Extra outings per resident and day when the target is above what the routine gives the whole population (2 % over,
  // so the target is reached before the last residents).
  const extraOutings = Math.max(0, (options.visits * 1.02) / (population * (1 - ROUTINE.roles.child) * options.days) - routineVisitsPerDay());
  const sealer = visitSealer(options.secretKey);
  const seal = caseSealer(options.secretKey);
  const caseRandom = seededRandom(options.seed ^ 0x5eed0003);
  const indexCaseCount = Math.max(3, Math.round(options.visits / 20_000));
  interface CaseSeed { resident: Resident; personKey: string; sourceIndex: number | null; onsetDay: number }
  const cases: CaseSeed[] = [];
  const caseVisits = new Map<string, { from: number; until: number; caseIndex: number }[]>();
  const becameCase = new Set<number>();
  // At most this many people infected by one index case (a reproduction number of a few, with clusters of up to 10).
  const MAX_SECONDARY_CASES = 10;
  const secondaries: number[] = [];
  let batch: Required<VisitRow>[] = [];
  // Batches being written; the next one is generated meanwhile and waits for a free writer.
  const writers = handle.dialect === 'postgres' ? Math.max(1, options.writers ?? 2) : 1;
  // A write never rejects: its error is kept and thrown at the next flush, once no other batch is still in flight
  // unawaited.
  const inFlight = new Set<Promise<void>>();
  let writeFailure: { error: unknown } | null = null;
  let written = 0;
  let active = 0;
  const flush = async () => {
    const rows = batch;
    batch = [];
    while (inFlight.size >= writers) await Promise.race(inFlight);
    if (writeFailure) throw writeFailure.error;
    if (rows.length === 0) return;
    const writing: Promise<void> = insertVisitsBulk(handle, rows).then(
      () => void inFlight.delete(writing),
      (error: unknown) => {
        inFlight.delete(writing);
        writeFailure ??= { error };
      },
    );
    inFlight.add(writing);
  };
  const visitsStart = performance.now();
  const writeVisits = async () => {
    for (let n = 0; n < population && written < options.visits; n++) {
      const { resident, random } = residentOf(order[n]!);
      if (resident.role === 'child') continue;
      active++;
      const personKey = sealer.personKey(resident.phone);
      const isIndexCase = cases.length < indexCaseCount && caseRandom() < 0.5;
      const caseIndex = isIndexCase ? cases.length : -1;
      if (isIndexCase) cases.push({ resident, personKey, sourceIndex: null, onsetDay: options.days - 1 - Math.floor(caseRandom() * Math.min(7, options.days)) });
      for (let day = 0; day < options.days && written < options.visits; day++) {
        const start = dayStart(day);
        const weekday = new Date(start + 12 * 3600 * 1000).getUTCDay();
        const workday = weekday !== 0 && (resident.role === 'student' ? weekday !== 6 : true);
        const holyDay = day % ROUTINE.pura.holyEvery === 0; // purnama and tilem: the pura is fuller
        const plan: [number, number, number][] = []; // venue index, minutes after midnight, stay in minutes
        const at = (from: number, to: number) => from + random() * (to - from);
        if (workday && resident.work >= 0 && random() < ROUTINE.attendance) {
          const school = resident.role === 'student';
          plan.push([resident.work, school ? at(6.5 * 60, 7.25 * 60) : at(7.5 * 60, 9 * 60), school ? at(300, 400) : at(420, 540)]);
        }
        if (random() < (holyDay ? ROUTINE.pura.holyDay : ROUTINE.pura.otherDay)) plan.push([resident.pura, random() < 0.6 ? at(6 * 60, 8 * 60) : at(17 * 60, 19.5 * 60), at(20, 60)]);
        if (random() < (resident.role === 'home' ? ROUTINE.market.atHome : ROUTINE.market.other)) plan.push([resident.market, at(5.5 * 60, 9 * 60), at(20, 60)]);
        if (random() < ROUTINE.warung) plan.push([resident.warungs[Math.floor(random() * 3)]!, random() < 0.5 ? at(11.5 * 60, 13.5 * 60) : at(18 * 60, 21 * 60), at(15, 50)]);
        if (random() < ROUTINE.errand) plan.push([byKind.errand.all[Math.floor(random() * byKind.errand.all.length)]!, at(9 * 60, 20 * 60), at(10, 45)]);
        // A busier city than the routine gives (see routineVisitsPerDay): extra outings, none drawn otherwise.
        if (extraOutings > 0) {
          const count = Math.floor(extraOutings) + (random() < extraOutings % 1 ? 1 : 0);
          for (let k = 0; k < count; k++) {
            const kind = random();
            const venueIndex = kind < 0.5 ? resident.warungs[Math.floor(random() * 3)]! : kind < 0.85 ? byKind.errand.all[Math.floor(random() * byKind.errand.all.length)]! : resident.market;
            plan.push([venueIndex, at(9 * 60, 20 * 60), at(10, 45)]);
          }
        }
        plan.sort((a, b) => a[1] - b[1]);
        let freeFrom = 0;
        for (const [venueIndex, minute, stay] of plan) {
          if (written >= options.visits) break;
          // Outings pushed back by earlier ones stop at 22:00 (the check-in itself falls within the next minute): the
          // day's visits stay in the day.
          if (Math.max(minute, freeFrom) >= 22 * 60) break;
          const venue = venues[venueIndex]!;
          const tIn = Math.round(start + Math.max(minute, freeFrom) * 60_000 + random() * 60_000);
          const checkedOut = random() < 0.7;
          const tOut = tIn + Math.round((checkedOut ? stay : usualStayMinutes(venue.venue_type)) * 60_000);
          freeFrom = (tOut - start) / 60_000 + 5;
          batch.push({
            id: seededId(tIn, random),
            venue_id: venue.id,
            person_key: personKey,
            person_enc: sealer.seal({ name: resident.name, phone: resident.phone }),
            name_enc: null,
            phone_enc: null,
            secret_hash: null,
            t_in: tIn,
            t_out: tOut,
            out_kind: checkedOut ? 'checkout' : 'auto',
            estimated: checkedOut ? 0 : 1,
            source: 'qr',
            client_key: null,
            over_capacity: 0,
            entered_by: null,
            region_code: venue.region_code,
            created_at: tIn,
          });
          written++;
          if (caseIndex >= 0 && day >= cases[caseIndex]!.onsetDay - 4) {
            const list = caseVisits.get(venue.id) ?? [];
            list.push({ from: tIn, until: tOut, caseIndex });
            caseVisits.set(venue.id, list);
          } else if (caseIndex < 0 && !becameCase.has(resident.index)) {
            const overlap = caseVisits.get(venue.id)?.find((c) => c.from < tOut && tIn < c.until && (secondaries[c.caseIndex] ?? 0) < MAX_SECONDARY_CASES);
            if (overlap && caseRandom() < 0.15) {
              secondaries[overlap.caseIndex] = (secondaries[overlap.caseIndex] ?? 0) + 1;
              becameCase.add(resident.index);
              cases.push({ resident, personKey, sourceIndex: overlap.caseIndex, onsetDay: Math.min(options.days - 1, day + 3 + Math.floor(caseRandom() * 4)) });
            }
          }
          if (batch.length >= batchSize) {
            await flush();
            options.onProgress?.({ visits: written, seconds: (performance.now() - visitsStart) / 1000 });
          }
        }
      }
    }
    await flush();
    await Promise.all(inFlight);
    if (writeFailure) throw writeFailure.error;
  };
  // Batches still being written when the loop throws finish (or fail) before the error goes on: the indexes of a
  // bulk load are built again only after them.
  const writeAll = async () => {
    await prepareVisitDays(handle, dayStart(0), dayStart(options.days));
    return writeVisits().catch(async (err: unknown) => {
      await Promise.all(inFlight);
      throw err;
    });
  };
  // The empty-table rule was checked before the venues were written (nothing since has written visits).
  const rebuildSeconds = options.bulkLoad ? (await loadVisitsWithoutIndexes(handle, writeAll, { ...options.bulkLoad, evenIfVisits: true })).rebuildSeconds : (await writeAll(), 0);
  const visitsDone = performance.now();

  // 4. Cases: sealed like a registration; ids from the seed; secondary cases name their source.
  const caseIds = cases.map((c, i) => seededId(dayStart(c.onsetDay) + i, caseRandom));
  const caseRows: CasesTable[] = cases.map((c, i) => {
    const onset = addDaysToDate(firstDay, c.onsetDay);
    const registered = dayStart(Math.min(options.days - 1, c.onsetDay)) + 10 * 3600 * 1000;
    const code = desa[c.resident.desa]!.code;
    return {
      id: caseIds[i]!,
      person_key: c.personKey,
      name_enc: seal(c.resident.name),
      phone_enc: seal(c.resident.phone),
      nik_enc: null,
      nik_key: null,
      residence_code: code,
      banjar_code: null,
      category: 'konfirmasi_simptomatik',
      onset_date: onset,
      specimen_date: onset,
      isolation_start: onset,
      isolation_place: 'Rumah',
      isolation_end: addDaysToDate(onset, 10),
      episode_date: onset,
      region_code: code,
      source_case_id: c.sourceIndex === null ? null : caseIds[c.sourceIndex]!,
      confirmed_at: registered,
      language: 'id',
      created_by: null,
      created_at: registered,
      updated_at: registered,
      test_reference: `SINTETIS-${options.seed}-${i + 1}`,
      search_requested_by: null,
      search_requested_at: null,
      search_purpose: null,
      search_approved_by: null,
      search_approved_at: null,
    };
  });
  await inBatches(caseRows, batchSize, (rows) => insertCasesBulk(handle, rows));
  const casesDone = performance.now();

  // 5. The daily roll-ups: the bulk inserts bypass the paths that keep them, so the window's days are recounted
  //    through their owners' front doors (the counting of the roll-ups' migration backfill), and the venues' bands
  //    (all grey: a synthetic venue has no score yet) written for the window.
  await rebuildCheckinRollups(handle.db, firstDay, options.endDate, options.timeZone);
  await rebuildCaseRollups(handle.db, firstDay, options.endDate);
  await createVenueBandRollups(handle.db).refreshBandDays({ now: dayStart(options.days), timeZone: options.timeZone, fromDay: firstDay, toDay: options.endDate });
  // The open data's published texts of those days are out of date now: forgotten, they are built from the roll-ups
  // until the next publish run writes them again.
  await forgetPublishedOpenData(handle.db, firstDay, options.endDate);
  const rollupsDone = performance.now();
  // 6. Visits vacuumed and analysed (PostgreSQL): index-only scans and the planner's statistics, as after a restore.
  await settleVisitsAfterBulkWrite(handle);
  const done = performance.now();
  const visitSeconds = (visitsDone - visitsStart) / 1000 - rebuildSeconds;
  return {
    residents: population,
    activeResidents: active,
    venues: venues.length,
    visits: written,
    cases: caseRows.length,
    seconds: { venues: (venuesDone - started) / 1000, visits: visitSeconds, indexes: rebuildSeconds, cases: (casesDone - visitsDone) / 1000, rollups: (rollupsDone - casesDone) / 1000, vacuum: (done - rollupsDone) / 1000, total: (done - started) / 1000 },
    // Until the visits are written and indexed: a bulk load's rebuild counts.
    visitsPerSecond: Math.round(written / Math.max(visitSeconds + rebuildSeconds, 0.001)),
  };
}
