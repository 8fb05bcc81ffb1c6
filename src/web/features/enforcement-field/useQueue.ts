import { useCallback, useEffect, useState } from 'react';
import { waitingCount, type QueueEntry } from './queue';
import { useMe } from '../auth/session';
import { allEntries, onQueueChange, othersWaiting } from './store';
import { syncQueue, type SyncReport } from './sync';

export interface QueueState {
  entries: QueueEntry[];
  waiting: number;
  /** Entries another officer saved on this phone and has not sent: counted, never shown or sent under this account. */
  othersWaiting: number;
  failed: QueueEntry[];
  online: boolean;
  syncing: boolean;
  lastReport: SyncReport | null;
  syncNow: () => Promise<void>;
}

/**
 * The queue as the screens see it. Sends it when the screen loads, when the phone comes back online (`online`
 * event) and when the officer presses the button.
 */
export function useQueue(): QueueState {
  const ownerId = useMe().id;
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  const [others, setOthers] = useState(0);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [syncing, setSyncing] = useState(false);
  const [lastReport, setLastReport] = useState<SyncReport | null>(null);

  useEffect(() => {
    let live = true;
    const reload = () => {
      allEntries(ownerId).then((list) => live && setEntries(list), () => undefined);
      othersWaiting(ownerId).then((n) => live && setOthers(n), () => undefined);
    };
    reload();
    const off = onQueueChange(reload);
    return () => {
      live = false;
      off();
    };
  }, [ownerId]);

  const syncNow = useCallback(async () => {
    setSyncing(true);
    try {
      setLastReport(await syncQueue());
    } finally {
      setSyncing(false);
    }
  }, []);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      void syncNow();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    if (navigator.onLine) void syncNow();
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [syncNow]);

  return { entries, waiting: waitingCount(entries), othersWaiting: others, failed: entries.filter((e) => e.status === 'failed'), online, syncing, lastReport, syncNow };
}
