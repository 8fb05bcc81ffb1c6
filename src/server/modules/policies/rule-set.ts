/**
 * Restriction rule sets: the legal instruments (Perwali, SE Walikota, PPKM instructions) held as versioned data.
 *
 * A rule set has a legal basis, an effective period [effectiveFrom, effectiveTo) in UTC epoch ms and a scope (the
 * city or one region). Rule sets of the same scope and kind form a series of versions: the newest effectiveFrom in
 * force replaces the older ones. Series of different scopes or kinds stack, the strictest value winning
 * (see resolve-rules.ts).
 */
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { MINUTES_PER_DAY, parseTimeOfDay, type TimeWindow } from '../../shared/daily-window.js';
import { isSectorCode, isVenueTypeCode, type SectorCode, type VenueTypeCode } from '../../../common/reference/sectors.js';
import { problem, type ValidationProblem } from './validation.js';
import { isZoneColour, type ZoneColour } from './zone-colour.js';

export const RULE_SET_KINDS = ['city', 'village_pkm'] as const;
/** city: issued for the city (Perwali, SE, PPKM) even when scoped to one region; village_pkm: a desa/kelurahan's own PKM. */
export type RuleSetKind = (typeof RULE_SET_KINDS)[number];

export const RULE_SET_STATUSES = ['draft', 'published', 'retired'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

export const CAPACITY_MODES = ['enforce', 'warn'] as const;
/** enforce: check-in refuses visitors beyond the limit; warn: it admits them and flags the venue. */
export type CapacityMode = (typeof CAPACITY_MODES)[number];

/** A daily window. until < from is valid only with crossesMidnight: true; "24:00" closes at midnight. */
export type RuleWindow = TimeWindow;

export interface Rule {
  /** Exactly one of sector and venueType. A venue-type rule replaces the sector rule for venues of that type. */
  sector?: SectorCode;
  venueType?: VenueTypeCode;
  /** The zone colours of the venue's desa/kelurahan this rule is for; a colour-specific rule beats an 'all' rule. */
  zoneColours: readonly ZoneColour[] | 'all';
  /** When visitors may be served; null = no time restriction. */
  window: RuleWindow | null;
  /** Closed outright (e.g. nightlife under SE 434/572/DKIS/2020). */
  closed?: boolean;
  /** Share of the venue's normal capacity, 0–100. */
  capacityPercent: number;
  /** false = take-away only; true = dine-in allowed; null = the rule says nothing about it. */
  dineIn: boolean | null;
  maxVisitMinutes: number | null;
  capacityMode: CapacityMode;
  measuresId?: string;
  measuresEn?: string;
}

export interface RuleSet {
  id: string;
  /** The instrument, cited as the authority does, e.g. "Perwali Denpasar 32/2020". */
  legalBasis: string;
  titleId?: string;
  titleEn?: string;
  /** The city (51.71) or one region code below it. */
  scopeRegionCode: string;
  kind: RuleSetKind;
  /** First instant in force (UTC epoch ms). */
  effectiveFrom: number;
  /** First instant no longer in force; null = until replaced by a newer version of the same series. */
  effectiveTo: number | null;
  status: RuleSetStatus;
  /** Position in its series (scope + kind), for people; order is decided by effectiveFrom. */
  version: number;
  rules: readonly Rule[];
  /**
   * The door checks each visitor's status colour (issue #16, domain.md §9): the check-in confirmation shows it and
   * refuses `hitam` (and `merah` where the status rule version says so). Absent = false.
   */
  statusCheck?: boolean;
}

/** What an editor submits: the server assigns id, status and version. */
export type RuleSetDraft = Omit<RuleSet, 'id' | 'status' | 'version'> &
  Partial<Pick<RuleSet, 'id' | 'status' | 'version'>>;

const MAX_TEXT_LENGTH = 2000;
const MAX_LEGAL_BASIS_LENGTH = 300;
const regionCodePattern = new RegExp(REGION_CODE_PATTERN);

/** Array.isArray without narrowing to any[]: drafts come from JSON, so shapes are checked, types kept. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}

/** Every problem with a draft; an empty list means it may be saved. Field paths look like `rules[2].window.until`. */
export function validateRuleSet(draft: RuleSetDraft): ValidationProblem[] {
  const problems: ValidationProblem[] = [];

  const legalBasis = typeof draft.legalBasis === 'string' ? draft.legalBasis.trim() : '';
  if (legalBasis === '') {
    problems.push(
      problem(
        'legalBasis',
        'required',
        'Dasar hukum wajib diisi (mis. "Perwali Denpasar 32/2020")',
        'a legal basis is required (e.g. "Perwali Denpasar 32/2020")',
      ),
    );
  } else if (legalBasis.length > MAX_LEGAL_BASIS_LENGTH) {
    problems.push(tooLong('legalBasis', MAX_LEGAL_BASIS_LENGTH));
  }
  for (const field of ['titleId', 'titleEn'] as const) {
    const text = draft[field];
    if (text !== undefined && (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH)) {
      problems.push(tooLong(field, MAX_TEXT_LENGTH));
    }
  }

  if (typeof draft.scopeRegionCode !== 'string' || !regionCodePattern.test(draft.scopeRegionCode)) {
    problems.push(
      problem(
        'scopeRegionCode',
        'invalid_region_code',
        'Kode wilayah tidak sah (mis. 51.71 atau 51.71.01.1001)',
        'not a valid region code (e.g. 51.71 or 51.71.01.1001)',
      ),
    );
  }
  if (!(RULE_SET_KINDS as readonly string[]).includes(draft.kind)) {
    problems.push(problem('kind', 'invalid_kind', 'Jenis harus city atau village_pkm', 'kind must be city or village_pkm'));
  }
  if (draft.status !== undefined && !(RULE_SET_STATUSES as readonly string[]).includes(draft.status)) {
    problems.push(
      problem('status', 'invalid_status', 'Status harus draft, published atau retired', 'status must be draft, published or retired'),
    );
  }
  if (draft.version !== undefined && (!Number.isInteger(draft.version) || draft.version < 1)) {
    problems.push(
      problem('version', 'invalid_version', 'Versi harus bilangan bulat ≥ 1', 'version must be an integer of at least 1'),
    );
  }

  const fromValid = Number.isSafeInteger(draft.effectiveFrom);
  if (!fromValid) {
    problems.push(problem('effectiveFrom', 'invalid_instant', 'Waktu mulai berlaku tidak sah', 'not a valid instant'));
  }
  if (draft.effectiveTo !== null) {
    if (!Number.isSafeInteger(draft.effectiveTo)) {
      problems.push(problem('effectiveTo', 'invalid_instant', 'Waktu akhir berlaku tidak sah', 'not a valid instant'));
    } else if (fromValid && draft.effectiveTo <= draft.effectiveFrom) {
      problems.push(
        problem(
          'effectiveTo',
          'ends_before_start',
          'Akhir masa berlaku harus sesudah mulai berlaku',
          'must be after the start of the effective period',
        ),
      );
    }
  }

  if (draft.statusCheck !== undefined && typeof draft.statusCheck !== 'boolean') {
    problems.push(problem('statusCheck', 'invalid_boolean', 'Pemeriksaan status harus true atau false', 'statusCheck must be true or false'));
  }
  if (!isList(draft.rules)) {
    problems.push(problem('rules', 'required', 'Daftar aturan wajib ada', 'a list of rules is required'));
    return problems;
  }
  draft.rules.forEach((rule, index) => problems.push(...validateRule(rule, `rules[${index}]`)));
  problems.push(...findDuplicateRules(draft.rules));
  return problems;
}

function tooLong(field: string, max: number): ValidationProblem {
  return problem(field, 'too_long', `Teks terlalu panjang (maks. ${max} karakter)`, `text too long (at most ${max} characters)`);
}

export function validateRule(rule: Rule, path: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];

  const hasSector = rule.sector !== undefined;
  const hasVenueType = rule.venueType !== undefined;
  if (!hasSector && !hasVenueType) {
    problems.push(
      problem(path, 'target_required', 'Aturan harus menyebut sektor atau jenis usaha', 'a rule must name a sector or a venue type'),
    );
  } else if (hasSector && hasVenueType) {
    problems.push(
      problem(
        path,
        'target_ambiguous',
        'Aturan menyebut sektor atau jenis usaha, tidak keduanya',
        'a rule names a sector or a venue type, not both',
      ),
    );
  }
  if (hasSector && !isSectorCode(rule.sector)) {
    problems.push(problem(`${path}.sector`, 'unknown_sector', 'Sektor tidak dikenal', 'unknown sector'));
  }
  if (hasVenueType && !isVenueTypeCode(rule.venueType)) {
    problems.push(problem(`${path}.venueType`, 'unknown_venue_type', 'Jenis usaha tidak dikenal', 'unknown venue type'));
  }

  if (rule.zoneColours !== 'all') {
    if (!isList(rule.zoneColours) || rule.zoneColours.length === 0) {
      problems.push(
        problem(
          `${path}.zoneColours`,
          'invalid_zone_colours',
          'Pilih "all" atau minimal satu warna zona',
          'choose "all" or at least one zone colour',
        ),
      );
    } else {
      const seen = new Set<string>();
      rule.zoneColours.forEach((colour, index) => {
        if (!isZoneColour(colour)) {
          problems.push(
            problem(
              `${path}.zoneColours[${index}]`,
              'invalid_zone_colours',
              'Warna zona harus green, yellow, orange atau red',
              'a zone colour must be green, yellow, orange or red',
            ),
          );
        } else if (seen.has(colour)) {
          problems.push(
            problem(`${path}.zoneColours[${index}]`, 'duplicate_zone_colour', 'Warna zona tercantum dua kali', 'zone colour listed twice'),
          );
        }
        seen.add(colour);
      });
    }
  }

  if (rule.window !== null) {
    problems.push(...validateRuleWindow(rule.window, `${path}.window`));
    if (rule.closed === true) {
      problems.push(
        problem(
          `${path}.window`,
          'closed_with_window',
          'Aturan tutup tidak boleh punya jam buka',
          'a rule that closes the venue cannot also give opening hours',
        ),
      );
    }
  }
  if (rule.closed !== undefined && typeof rule.closed !== 'boolean') {
    problems.push(problem(`${path}.closed`, 'invalid_boolean', 'Harus true atau false', 'must be true or false'));
  }

  if (typeof rule.capacityPercent !== 'number' || !Number.isFinite(rule.capacityPercent) || rule.capacityPercent < 0 || rule.capacityPercent > 100) {
    problems.push(
      problem(
        `${path}.capacityPercent`,
        'out_of_range',
        'Persentase kapasitas harus antara 0 dan 100',
        'capacity percentage must be between 0 and 100',
      ),
    );
  }
  if (rule.dineIn !== null && typeof rule.dineIn !== 'boolean') {
    problems.push(problem(`${path}.dineIn`, 'invalid_boolean', 'Harus true, false atau null', 'must be true, false or null'));
  }
  if (
    rule.maxVisitMinutes !== null &&
    (!Number.isInteger(rule.maxVisitMinutes) || rule.maxVisitMinutes < 1 || rule.maxVisitMinutes > MINUTES_PER_DAY)
  ) {
    problems.push(
      problem(
        `${path}.maxVisitMinutes`,
        'out_of_range',
        'Lama kunjungan maksimum harus 1–1440 menit',
        'maximum visit length must be 1–1440 minutes',
      ),
    );
  }
  if (!(CAPACITY_MODES as readonly string[]).includes(rule.capacityMode)) {
    problems.push(
      problem(`${path}.capacityMode`, 'invalid_capacity_mode', 'Harus enforce atau warn', 'must be enforce or warn'),
    );
  }
  for (const field of ['measuresId', 'measuresEn'] as const) {
    const text = rule[field];
    if (text !== undefined && (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH)) {
      problems.push(tooLong(`${path}.${field}`, MAX_TEXT_LENGTH));
    }
  }
  return problems;
}

export function validateRuleWindow(window: RuleWindow, path: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const from = typeof window.from === 'string' ? parseTimeOfDay(window.from) : null;
  const until = typeof window.until === 'string' ? parseTimeOfDay(window.until, true) : null;
  if (from === null) {
    problems.push(problem(`${path}.from`, 'invalid_time', 'Jam harus berformat HH:MM (00:00–23:59)', 'time must be HH:MM (00:00–23:59)'));
  }
  if (until === null) {
    problems.push(
      problem(`${path}.until`, 'invalid_time', 'Jam harus berformat HH:MM (00:00–24:00)', 'time must be HH:MM (00:00–24:00)'),
    );
  }
  if (window.crossesMidnight !== undefined && typeof window.crossesMidnight !== 'boolean') {
    problems.push(problem(`${path}.crossesMidnight`, 'invalid_boolean', 'Harus true atau false', 'must be true or false'));
  }
  if (from === null || until === null) return problems;

  const crossesMidnight = window.crossesMidnight === true;
  if (until === from) {
    problems.push(
      problem(`${path}.until`, 'empty_window', 'Jam tutup sama dengan jam buka', 'the window ends when it starts'),
    );
  } else if (until < from && !crossesMidnight) {
    problems.push(
      problem(
        `${path}.until`,
        'window_ends_before_start',
        'Jam tutup lebih awal dari jam buka; tandai crossesMidnight bila melewati tengah malam',
        'the window ends before it starts; mark crossesMidnight if it runs past midnight',
      ),
    );
  } else if (until > from && crossesMidnight) {
    problems.push(
      problem(
        `${path}.crossesMidnight`,
        'midnight_flag_mismatch',
        'Jendela ini tidak melewati tengah malam',
        'this window does not cross midnight',
      ),
    );
  }
  return problems;
}

/** Rules of one set that would compete for the same venue at the same precedence. */
function findDuplicateRules(rules: readonly Rule[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  // target → zone slot ('all' or a colour) → index of the first rule claiming it
  const claimed = new Map<string, Map<string, number>>();
  rules.forEach((rule, index) => {
    const target = rule.venueType !== undefined ? `type:${rule.venueType}` : `sector:${String(rule.sector)}`;
    let slots = claimed.get(target);
    if (!slots) {
      slots = new Map();
      claimed.set(target, slots);
    }
    const ruleSlots: readonly string[] =
      rule.zoneColours === 'all' ? ['all'] : isList(rule.zoneColours) ? rule.zoneColours : [];
    for (const slot of ruleSlots) {
      const earlier = slots.get(slot);
      if (earlier !== undefined && earlier !== index) {
        problems.push(
          problem(
            `rules[${index}]`,
            'duplicate_rule',
            `Bertabrakan dengan aturan ke-${earlier + 1} untuk sasaran dan warna zona yang sama`,
            `clashes with rule ${earlier + 1} for the same target and zone colour`,
          ),
        );
        return;
      }
      slots.set(slot, index);
    }
  });
  return problems;
}

/**
 * Whether two versions of the same series (scope + kind) are in force at the same time in a way the data cannot
 * settle. An open-ended version (effectiveTo null) runs "until replaced", so a later version supersedes it instead of
 * overlapping it; a bounded version that runs past the start of a later one, or two versions starting at the same
 * instant, overlap.
 */
export function versionsOverlap(
  a: Pick<RuleSet, 'scopeRegionCode' | 'kind' | 'effectiveFrom' | 'effectiveTo'>,
  b: Pick<RuleSet, 'scopeRegionCode' | 'kind' | 'effectiveFrom' | 'effectiveTo'>,
): boolean {
  if (a.scopeRegionCode !== b.scopeRegionCode || a.kind !== b.kind) return false;
  if (a.effectiveFrom === b.effectiveFrom) return true;
  const [earlier, later] = a.effectiveFrom < b.effectiveFrom ? [a, b] : [b, a];
  if (earlier.effectiveTo === null) return false;
  return earlier.effectiveTo > later.effectiveFrom;
}

/** The published versions a candidate would overlap if it were published as well (itself excluded by id). */
export function findOverlappingPublished<T extends RuleSet>(
  candidate: Pick<RuleSet, 'scopeRegionCode' | 'kind' | 'effectiveFrom' | 'effectiveTo'> & { id?: string },
  published: readonly T[],
): T[] {
  return published.filter(
    (other) => other.status === 'published' && other.id !== candidate.id && versionsOverlap(candidate, other),
  );
}

/** Every overlapping pair among the published rule sets of a collection, e.g. to check seed data or a restore. */
export function findOverlapsAmongPublished(ruleSets: readonly RuleSet[]): [RuleSet, RuleSet][] {
  const published = ruleSets.filter((ruleSet) => ruleSet.status === 'published');
  const pairs: [RuleSet, RuleSet][] = [];
  for (let i = 0; i < published.length; i++) {
    for (let j = i + 1; j < published.length; j++) {
      const a = published[i] as RuleSet;
      const b = published[j] as RuleSet;
      if (versionsOverlap(a, b)) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** Problems for publishing a candidate next to the published ones (field `effectiveFrom`), for the service layer. */
export function overlapProblems(
  candidate: Pick<RuleSet, 'scopeRegionCode' | 'kind' | 'effectiveFrom' | 'effectiveTo'> & { id?: string },
  published: readonly RuleSet[],
): ValidationProblem[] {
  return findOverlappingPublished(candidate, published).map((other) =>
    problem(
      'effectiveFrom',
      'overlapping_version',
      `Masa berlaku bertumpang tindih dengan ${other.legalBasis} (versi ${other.version}) untuk wilayah yang sama`,
      `the effective period overlaps ${other.legalBasis} (version ${other.version}) for the same scope`,
    ),
  );
}
