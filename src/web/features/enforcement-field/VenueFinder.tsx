import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { errorMessage } from '../../lib/errors';
import { fieldApi, posterTokenOf, type Oversight, type VenueSummary } from './api';

export interface ChosenVenue {
  id: string;
  name: string;
  regionCode?: string | undefined;
  regionName?: string | undefined;
}

/** A venue picked from the oversight list comes with the offence and the evidence it shows. */
export interface OversightPick {
  offence: 'melebihi_kapasitas' | 'melewati_jam_operasional';
  note: string;
}

type Mode = 'name' | 'poster' | 'oversight';

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorCtor | null {
  const ctor = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  return typeof ctor === 'function' ? ctor : null;
}

const toChosen = (v: VenueSummary): ChosenVenue => ({ id: v.id, name: v.name, regionCode: v.regionCode, regionName: v.regionName });

/** Finds the venue of a violation: by name among the venues in scope, by its poster's QR, or from the oversight list. */
export function VenueFinder({ venues, oversightRegions, onPick }: { venues: VenueSummary[]; oversightRegions: string[]; onPick: (venue: ChosenVenue, evidence?: OversightPick) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('name');
  return (
    <div className="fld-card" data-testid="venue-finder">
      <p className="fld-legend">{t('field.record.findBy')}</p>
      <div className="fld-segmented" role="group" aria-label={t('field.record.findBy')}>
        {(['name', 'poster', 'oversight'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)} data-testid={`venue-by-${m}`}>
            {t(m === 'name' ? 'field.record.byName' : m === 'poster' ? 'field.record.byPoster' : 'field.record.byOversight')}
          </button>
        ))}
      </div>
      {mode === 'name' && <ByName venues={venues} onPick={(v) => onPick(toChosen(v))} />}
      {mode === 'poster' && <ByPoster onPick={(v) => onPick(toChosen(v))} />}
      {mode === 'oversight' && <ByOversight regions={oversightRegions} venues={venues} onPick={onPick} />}
    </div>
  );
}

function ByName({ venues, onPick }: { venues: VenueSummary[]; onPick: (v: VenueSummary) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const matches = useMemo(() => {
    const needle = q.trim().toLocaleLowerCase();
    return needle ? venues.filter((v) => v.name.toLocaleLowerCase().includes(needle)).slice(0, 8) : [];
  }, [q, venues]);
  return (
    <>
      <TextField id="venue-search" testId="venue-search" label={t('field.record.venueSearch')} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      {q.trim() && matches.length === 0 && <p className="muted">{t('field.record.noVenues')}</p>}
      <ul className="fld-pick-list">
        {matches.map((v) => (
          <li key={v.id}>
            <button type="button" className="fld-pick" onClick={() => onPick(v)} data-testid="venue-pick">
              {v.name}
              <small>
                {v.address} · {v.regionName}
              </small>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function ByPoster({ onPick }: { onPick: (v: VenueSummary) => void }) {
  const { t } = useTranslation();
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const Detector = barcodeDetector();

  async function resolve(text: string) {
    const token = posterTokenOf(text);
    if (!token) {
      setError(t('field.record.posterInvalid'));
      return;
    }
    if (!navigator.onLine) {
      setError(t('field.record.posterOffline'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onPick(await fieldApi.venueByPoster(token));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? t('field.record.posterNotFound') : err instanceof ApiError && err.isNetworkError ? t('field.record.posterOffline') : errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  // The camera runs only while scanning; the first QR read stops it.
  useEffect(() => {
    if (!scanning || !Detector) return;
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const detector = new Detector({ formats: ['qr_code'] });
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const tick = async () => {
          if (stopped || !video.current) return;
          const codes = await detector.detect(video.current).catch(() => []);
          const value = codes[0]?.rawValue;
          if (value) {
            setScanning(false);
            setLink(value);
            void resolve(value);
            return;
          }
          timer = window.setTimeout(() => void tick(), 300);
        };
        void tick();
      } catch (err) {
        setScanning(false);
        setError(errorMessage(err, t));
      }
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    // restarts only when scanning is switched
  }, [scanning]);

  return (
    <>
      {Detector ? (
        <>
          <button type="button" className="btn btn--primary btn--block" onClick={() => setScanning((s) => !s)} data-testid="poster-scan">
            {scanning ? t('field.record.stopScan') : t('field.record.scan')}
          </button>
          {scanning && <video ref={video} className="fld-video" muted playsInline />}
        </>
      ) : (
        <p className="muted" data-testid="poster-no-scanner">
          {t('field.record.scanUnsupported')}
        </p>
      )}
      <TextField
        id="poster-link"
        testId="poster-link"
        label={t('field.record.posterLink')}
        value={link}
        onChange={(e) => {
          setLink(e.target.value);
          setError(null);
        }}
        inputMode="url"
        autoComplete="off"
        error={error ?? undefined}
      />
      <button type="button" className="btn btn--block" disabled={busy || !link.trim()} onClick={() => void resolve(link)} data-testid="poster-find">
        {t('field.record.findPoster')}
      </button>
    </>
  );
}

function ByOversight({ regions, venues, onPick }: { regions: string[]; venues: VenueSummary[]; onPick: (venue: ChosenVenue, evidence?: OversightPick) => void }) {
  const { t, i18n } = useTranslation();
  const [lists, setLists] = useState<Oversight[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    Promise.all(regions.map((r) => fieldApi.oversight(r))).then(
      (all) => live && setLists(all),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [regions]);

  const known = (id: string, name: string): ChosenVenue => {
    const v = venues.find((x) => x.id === id);
    return v ? { id, name: v.name, regionCode: v.regionCode, regionName: v.regionName } : { id, name };
  };
  const time = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  if (error) return <Alert kind="error">{errorMessage(error, t)}</Alert>;
  if (!lists) return <p className="muted">{t('common.loading')}</p>;
  const over = lists.flatMap((l) => l.overCapacity);
  // One line per venue: its latest attempt after closing time.
  const late = new Map<string, { venueId: string; venueName: string; at: string }>();
  for (const a of lists.flatMap((l) => l.refusedAttempts)) {
    if (a.reason !== 'outside_hours' || !a.venueId) continue;
    const seen = late.get(a.venueId);
    if (!seen || seen.at < a.at) late.set(a.venueId, { venueId: a.venueId, venueName: a.venueName ?? a.venueId, at: a.at });
  }
  const now = time(new Date().toISOString());
  return (
    <>
      <p className="fld-legend">{t('field.record.overCapacity')}</p>
      {over.length === 0 && <p className="muted">{t('field.record.nothingFlagged')}</p>}
      <ul className="fld-pick-list">
        {over.map((o) => (
          <li key={o.venueId}>
            <button
              type="button"
              className="fld-pick"
              data-testid="oversight-over-capacity"
              onClick={() => onPick(known(o.venueId, o.name), { offence: 'melebihi_kapasitas', note: t('field.record.evidenceOverCapacity', { time: now, current: o.current, limit: o.limit }) })}
            >
              {o.name}
              <small>{t('field.record.overCapacityLine', { current: o.current, limit: o.limit })}</small>
            </button>
          </li>
        ))}
      </ul>
      <p className="fld-legend">{t('field.record.afterHours')}</p>
      {late.size === 0 && <p className="muted">{t('field.record.nothingFlagged')}</p>}
      <ul className="fld-pick-list">
        {[...late.values()].map((a) => (
          <li key={a.venueId}>
            <button
              type="button"
              className="fld-pick"
              data-testid="oversight-after-hours"
              onClick={() => onPick(known(a.venueId, a.venueName), { offence: 'melewati_jam_operasional', note: t('field.record.evidenceAfterHours', { at: time(a.at) }) })}
            >
              {a.venueName}
              <small>{time(a.at)}</small>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
