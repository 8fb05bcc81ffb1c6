import { describe, expect, it } from 'vitest';
import { INSPECTION_TODO_WEIGHTS, rankInspectionTodo, todoReasons, type TodoEvidence, type TodoVenue } from './inspection-todo.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T04:00:00Z');
const TODAY = '2026-12-01';

function venue(id: string, overrides: Partial<TodoVenue> = {}): TodoVenue {
  return { id, name: `Warung ${id}`, compliance_badge: 'green', compliance_score: 90, ...overrides };
}

const recentlyInspected: TodoEvidence = { lastInspection: { at: NOW - 10 * DAY, follow_up_date: null, overall_result: 'compliant' } };

describe('inspection to-do ranking', () => {
  it('a green venue inspected recently, with no poor ratings or gaps, needs no visit', () => {
    expect(todoReasons(venue('a'), recentlyInspected, NOW, TODAY)).toEqual([]);
  });

  it('a venue never inspected is on the list with the lowest weight', () => {
    expect(todoReasons(venue('a'), {}, NOW, TODAY)).toEqual([{ code: 'never_inspected', weight: INSPECTION_TODO_WEIGHTS.neverInspected, params: {} }]);
  });

  it('lists the reasons in a fixed order with their parameters', () => {
    const reasons = todoReasons(
      venue('a', { compliance_badge: 'red', compliance_score: 31 }),
      {
        poorRatings: { count: 4, mean: 1.84 },
        lastInspection: { at: NOW - 200 * DAY, follow_up_date: '2026-11-30', overall_result: 'non_compliant' },
        lastSelfAssessment: { fraction_met: 0.5, answers: {} },
      },
      NOW,
      TODAY,
    );
    expect(reasons.map((r) => r.code)).toEqual(['poor_ratings', 'badge_red', 'follow_up_due', 'last_inspection_non_compliant', 'inspection_stale', 'self_assessment_gaps']);
    expect(reasons[0]?.params).toEqual({ count: 4, mean: 1.8 });
    expect(reasons[1]?.params).toEqual({ score: 31 });
    expect(reasons[2]?.params).toEqual({ date: '2026-11-30' });
    expect(reasons[4]?.params).toEqual({ days: 200 });
  });

  it('a follow-up date in the future is not due yet; a partial result and a yellow badge count less', () => {
    const reasons = todoReasons(venue('a', { compliance_badge: 'yellow', compliance_score: 60 }), { lastInspection: { at: NOW - DAY, follow_up_date: '2026-12-02', overall_result: 'partially_compliant' } }, NOW, TODAY);
    expect(reasons).toEqual([
      { code: 'badge_yellow', weight: INSPECTION_TODO_WEIGHTS.badgeYellow, params: { score: 60 } },
      { code: 'last_inspection_partial', weight: INSPECTION_TODO_WEIGHTS.lastInspectionPartial, params: {} },
    ]);
  });

  it('a self-assessment that met everything is no reason', () => {
    expect(todoReasons(venue('a'), { ...recentlyInspected, lastSelfAssessment: { fraction_met: 1, answers: {} } }, NOW, TODAY)).toEqual([]);
  });

  it('ranks by the sum of the weights, most urgent first, ties by name; venues without reasons are left out', () => {
    const venues = [venue('c'), venue('b', { compliance_badge: 'red' }), venue('a'), venue('d')];
    const evidence: Record<string, TodoEvidence> = { a: {}, b: recentlyInspected, c: {}, d: recentlyInspected };
    const ranked = rankInspectionTodo(venues, (v) => evidence[v.id] ?? {}, NOW, TODAY);
    expect(ranked.map((i) => [i.venue.id, i.priority])).toEqual([
      ['b', INSPECTION_TODO_WEIGHTS.badgeRed],
      ['a', INSPECTION_TODO_WEIGHTS.neverInspected],
      ['c', INSPECTION_TODO_WEIGHTS.neverInspected],
    ]);
  });
});
