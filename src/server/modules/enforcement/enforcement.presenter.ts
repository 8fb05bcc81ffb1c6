import type { SanctionsTable, ViolationsTable } from './enforcement.table.js';
import type { LadderVersion, ProposedSanction } from './sanction-ladder.js';

/** An earlier offence of the same family within the ladder's window: what the officer sees before deciding. */
export interface PriorOffence {
  id: string;
  offence: string;
  occurredAt: string;
  regionCode: string;
  sanctions: string[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentSanction(s: SanctionsTable) {
  return {
    id: s.id,
    type: s.type,
    amountIdr: s.amount_idr,
    days: s.days,
    riceKg: s.rice_kg,
    assembly: s.assembly,
    receiptNumber: s.receipt_number,
    paid: s.paid === 1,
    startsAt: iso(s.starts_at) as string,
    endsAt: iso(s.ends_at),
    asProposed: s.as_proposed === 1,
    reason: s.reason,
    status: s.status,
    replacedBy: s.replaced_by,
    changeReason: s.change_reason,
    changedAt: iso(s.changed_at),
    recordedAt: iso(s.created_at) as string,
  };
}

/** A list row: the person's name only (NIK and phone stay on the detail, whose every read is audited). */
export function presentViolationSummary(v: ViolationsTable, personName: string | null, sanctions: SanctionsTable[], venueName?: string) {
  return {
    id: v.id,
    offence: v.offence,
    subject: v.subject_kind === 'venue' ? { kind: 'venue' as const, venueId: v.venue_id as string, venueName: venueName ?? '' } : { kind: 'person' as const, name: personName ?? '' },
    regionCode: v.region_code,
    desaAdatCode: v.desa_adat_code,
    occurredAt: iso(v.occurred_at) as string,
    status: v.status,
    proposedSanction: JSON.parse(v.proposed) as ProposedSanction,
    sanctions: sanctions.filter((s) => s.status === 'active').map((s) => ({ id: s.id, type: s.type, amountIdr: s.amount_idr, paid: s.paid === 1 })),
  };
}

export function presentViolation(
  v: ViolationsTable,
  person: { nik: string | null; name: string | null; phone: string | null },
  sanctions: SanctionsTable[],
  prior: PriorOffence[],
  ladder: LadderVersion,
  photos: { id: string; size: number; created_at: number }[],
  venueName?: string,
) {
  return {
    id: v.id,
    offence: v.offence,
    subject:
      v.subject_kind === 'venue'
        ? { kind: 'venue' as const, venueId: v.venue_id as string, venueName: venueName ?? '' }
        : { kind: 'person' as const, name: person.name ?? '', nik: person.nik, phone: person.phone },
    regionCode: v.region_code,
    desaAdatCode: v.desa_adat_code,
    lat: v.lat,
    lon: v.lon,
    occurredAt: iso(v.occurred_at) as string,
    team: v.team,
    note: v.note,
    status: v.status,
    annulReason: v.annul_reason,
    annulledAt: iso(v.annulled_at),
    proposedSanction: JSON.parse(v.proposed) as ProposedSanction,
    priorOffences: prior,
    ladder: { id: ladder.id, legalBasis: ladder.legalBasis },
    sanctions: sanctions.map(presentSanction),
    photos: photos.map((p) => ({ id: p.id, createdAt: iso(p.created_at) as string, bytes: p.size })),
    recordedAt: iso(v.created_at) as string,
  };
}
