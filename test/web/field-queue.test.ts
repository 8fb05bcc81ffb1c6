import { describe, expect, it } from 'vitest';
import { applyOutcome, isDone, nextStepIndex, outcomeOf, retried, waitingCount, withParentId, type QueueEntry } from '../../src/web/features/enforcement-field/queue.js';

// The offline queue's rules (issue #15), without IndexedDB or a network: a replay counts as sent, a refusal keeps the
// entry visible with the server's message, no answer keeps it waiting, and a chain goes in order with its parent's id.

const violationEntry = (): QueueEntry => ({
  id: 'key-violation-1',
  ownerId: 'officer-1',
  createdAt: 1,
  summary: 'Made · masker',
  status: 'pending',
  steps: [
    { kind: 'violation', clientKey: 'key-violation-1', body: { offence: 'masker_tidak_benar' } },
    { kind: 'sanction', clientKey: 'key-sanction-1', body: { type: 'teguran_lisan', reason: 'Dipilih tanpa sinyal' } },
    { kind: 'photo', clientKey: 'key-photo-1', blob: new Blob(['x'], { type: 'image/jpeg' }) },
  ],
});

const proposal = { id: 'V1', priorOffences: [], proposedSanction: { type: 'teguran_lisan', basis: 'ladder', step: 1 } };

describe('offline queue', () => {
  it('sends a violation, then its sanction and photos with the violation’s id, and is done after the last', () => {
    let entry = violationEntry();
    expect(nextStepIndex(entry)).toBe(0);
    entry = applyOutcome(entry, 0, outcomeOf(entry.steps[0]!, 201, proposal));
    expect(entry.steps[0]).toMatchObject({ id: 'V1', result: proposal });
    expect(nextStepIndex(entry)).toBe(1);
    expect(withParentId(entry, 1)).toMatchObject({ kind: 'sanction', violationId: 'V1' });
    expect(withParentId(entry, 2)).toMatchObject({ kind: 'photo', violationId: 'V1' });
    entry = applyOutcome(entry, 1, outcomeOf(withParentId(entry, 1), 201, { id: 'S1', sanction: {} }));
    expect(isDone(entry)).toBe(false);
    entry = applyOutcome(entry, 2, outcomeOf(withParentId(entry, 2), 201, { id: 'P1' }));
    expect(isDone(entry)).toBe(true);
    expect(entry.steps.map((s) => s.id)).toEqual(['V1', 'S1', 'P1']);
  });

  it('a step that has no parent id yet is not given one', () => {
    expect(withParentId(violationEntry(), 1)).not.toHaveProperty('violationId');
  });

  it('counts a replay (409 with existingId) as sent, never as a failure', () => {
    const entry = violationEntry();
    const outcome = outcomeOf(entry.steps[0]!, 409, { type: 'duplicate-entry', existingId: 'V-EARLIER' });
    expect(outcome).toEqual({ kind: 'stored', id: 'V-EARLIER', replayed: true });
    expect(applyOutcome(entry, 0, outcome).steps[0]).toMatchObject({ id: 'V-EARLIER' });
  });

  it('a 409 without existingId is a refusal (an annulled violation), except a rapid test already on its check', () => {
    const entry = violationEntry();
    expect(outcomeOf(entry.steps[1]!, 409, { detail: 'Pelanggaran ini sudah dibatalkan' })).toMatchObject({ kind: 'failed', failure: { status: 409 } });
    expect(outcomeOf({ kind: 'rapidTest', body: { result: 'negative' }, checkId: 'C1' }, 409, { result: 'negative' })).toEqual({ kind: 'stored', id: 'C1', replayed: true });
    // A queued positive behind an earlier negative is a conflict the officer sees, never "sent".
    expect(outcomeOf({ kind: 'rapidTest', body: { result: 'positive' }, checkId: 'C1' }, 409, { result: 'negative', detail: 'Sudah tercatat: negative' })).toMatchObject({ kind: 'failed', failure: { status: 409 } });
  });

  it('keeps a refused entry visible with the server’s message and field errors; sending again clears them', () => {
    const entry = violationEntry();
    const outcome = outcomeOf(entry.steps[0]!, 400, { detail: 'Periksa isian', errors: [{ field: '/subject/nik', message: 'NIK harus 16 angka' }] });
    const failed = applyOutcome(entry, 0, outcome);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toEqual({ status: 400, message: 'Periksa isian', fields: [{ field: '/subject/nik', message: 'NIK harus 16 angka' }] });
    expect(waitingCount([failed])).toBe(0);
    const again = retried(failed);
    expect(again.status).toBe('pending');
    expect(again).not.toHaveProperty('failure');
    expect(waitingCount([again])).toBe(1);
  });

  it('no answer, a lost session or a server error leaves the entry waiting as it was', () => {
    const entry = violationEntry();
    for (const status of [0, 401, 429, 500, 503]) {
      const outcome = outcomeOf(entry.steps[0]!, status, undefined);
      expect(outcome, `status ${status}`).toEqual({ kind: 'retry' });
      expect(applyOutcome(entry, 0, outcome)).toBe(entry);
    }
  });

  it('the badge counts entries with something left to send', () => {
    const sent = applyOutcome({ ...violationEntry(), steps: [violationEntry().steps[0]!] }, 0, { kind: 'stored', id: 'V9', replayed: false });
    const failed = { ...violationEntry(), id: 'f', status: 'failed' as const };
    expect(waitingCount([violationEntry(), { ...violationEntry(), id: 'b' }, sent, failed])).toBe(2);
  });
});
