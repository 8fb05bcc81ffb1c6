import { afterAll, beforeAll, expect, it } from 'vitest';
import { activeCasesByResidence } from '../../src/server/modules/tracing/tracing-stats.repository.js';
import { inspectionFigures } from '../../src/server/modules/venues/venues-stats.repository.js';
import { addDaysToDate } from '../../src/server/shared/local-time.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../databases.js';

/*
 * The dashboards' active cases and inspection follow-ups at scale (issue #17) are counted in SQL on indexes (two
 * disjoint reads; a later inspection excluded by an anti-join). Held here to the plain definitions, computed in the
 * test from the rows it wrote: cases with and without an isolation end, before, on and after the day, discarded ones;
 * venues with several inspections, some after the period end, follow-ups due and not.
 */
const DAY = '2026-11-20';
const kecOf = (code: string) => code.split('.').slice(0, 3).join('.');
const T_END = Date.parse('2026-11-20T16:00:00Z');

describeEachDatabase('dashboard case and inspection counts', (dialect) => {
  let t: TestDatabase;
  const DESA: string[] = [];
  const cases: { residence: string; episode: string; end: string | null; category: string }[] = [];
  const inspections: { venue: string; region: string; at: number; followUp: string | null }[] = [];
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const villages = (await t.db.selectFrom('regions').select('code').where('type', 'in', ['desa', 'kelurahan']).orderBy('code').execute()).map((r) => r.code);
    const first = villages[0]!;
    DESA.push(first, villages.find((v) => v !== first && kecOf(v) === kecOf(first))!, villages.find((v) => kecOf(v) !== kecOf(first))!);
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 120; i++) {
      const residence = DESA[i % 3]!;
      const episode = addDaysToDate(DAY, Math.floor(rand() * 40) - 30);
      const end = rand() < 0.4 ? addDaysToDate(episode, Math.floor(rand() * 30)) : null;
      const category = rand() < 0.1 ? 'discarded' : 'konfirmasi_simptomatik';
      cases.push({ residence, episode, end, category });
      await t.db.insertInto('cases').values({ id: `c${i}`, person_key: `p${i}`, name_enc: 'x', phone_enc: 'x', residence_code: residence, category, episode_date: episode, isolation_end: end, region_code: residence, language: 'id', created_at: 1, updated_at: 1 }).execute();
    }
    for (let v = 0; v < 30; v++) {
      const region = DESA[v % 3]!;
      await t.db.insertInto('venues').values({ id: `v${v}`, venue_number: v + 1, name: `V${v}`, sector: 'trade', venue_type: 'warung', region_code: region, address: '-', lat: -8.65, lon: 115.22, position_confirmed: 1, capacity: 10, indoor: 1, status: 'verified', compliance_badge: 'none', created_at: 1, updated_at: 1 }).execute();
      const n = Math.floor(rand() * 4);
      for (let k = 0; k < n; k++) {
        const at = T_END + Math.floor((rand() - 0.8) * 40) * 86_400_000;
        const followUp = rand() < 0.8 ? addDaysToDate(DAY, Math.floor(rand() * 20) - 10) : null;
        inspections.push({ venue: `v${v}`, region, at, followUp });
        await t.db.insertInto('venue_assessments').values({ id: `a${v}-${k}`, venue_id: `v${v}`, kind: 'inspection', checklist_version: 1, answers: '{}', fraction_met: 1, overall_result: 'met', notes: null, follow_up_date: followUp, author_user_id: null, author_name: 'x', region_code: region, at, created_at: 1 }).execute();
      }
    }
  });
  afterAll(async () => t?.close());

  it('active cases per desa are the cases isolating on the day', async () => {
    for (const prefix of ['51.71', kecOf(DESA[0]!), DESA[0]!]) {
      const expected = new Map<string, number>();
      for (const c of cases) {
        if (!(c.residence === prefix || c.residence.startsWith(`${prefix}.`)) || c.category === 'discarded' || c.episode > DAY) continue;
        if ((c.end !== null && c.end >= DAY) || (c.end === null && c.episode > addDaysToDate(DAY, -14))) expected.set(c.residence, (expected.get(c.residence) ?? 0) + 1);
      }
      expect([...expected].every(([, n]) => n > 0)).toBe(true);
      expect(new Map([...(await activeCasesByResidence(t.db, prefix, DAY))].sort())).toEqual(new Map([...expected].sort()));
    }
  });

  it("follow-ups due are the venues whose latest inspection before the end asks for one by the last day", async () => {
    for (const prefix of ['51.71', kecOf(DESA[0]!)]) {
      const latest = new Map<string, { at: number; followUp: string | null }>();
      for (const i of inspections) {
        if (!(i.region === prefix || i.region.startsWith(`${prefix}.`)) || i.at >= T_END) continue;
        const prev = latest.get(i.venue);
        if (!prev || i.at > prev.at) latest.set(i.venue, i);
      }
      const due = [...latest.values()].filter((l) => l.followUp !== null && l.followUp <= DAY).length;
      expect(due).toBeGreaterThan(0);
      const f = await inspectionFigures(t.db, prefix, T_END - 28 * 86_400_000, T_END, DAY);
      expect(f.followUpsDue).toBe(due);
    }
  });
});
