import { usePublicConfig } from '../config/public-config';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RegionSelect } from '../../components/RegionSelect';
import { errorMessage, fieldError, formErrorMessage } from '../../lib/errors';
import { formatDate, todayIn } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useRegions } from '../regions/regions-context';
import { regionName } from '../regions/region-index';
import { borderPostsApi, type BorderPost, type Shift } from './api';
import './border-posts.css';

/** 07.30–15.00 and 15.00–22.00 WITA: the shifts of 2020, what a new post starts with (the server's default too). */
const DEFAULT_SHIFTS: Shift[] = [
  { from: '07:30', until: '15:00' },
  { from: '15:00', until: '22:00' },
];
const shiftText = (s: Shift) => `${s.from.replace(':', '.')}–${s.until.replace(':', '.')}`;

/** The task force's border posts (pos pantau): set up posts and their shifts, and read a day's counts per shift. */
export function BorderPostsPage() {
  const { t } = useTranslation();
  const posts = useAsync((signal) => borderPostsApi.list(signal), []);
  const [selected, setSelected] = useState<string>('');
  useEffect(() => {
    if (!selected && posts.data && posts.data.length > 0) setSelected(posts.data[0]!.id);
  }, [posts.data, selected]);
  const post = posts.data?.find((p) => p.id === selected);
  return (
    <Page title={t('borderPosts.title')} intro={t('borderPosts.intro')} testId="page-border-posts">
      <div className="bp-grid">
        <section className="panel" aria-labelledby="bp-posts">
          <h2 id="bp-posts" className="panel-title">{t('borderPosts.posts')}</h2>
          {posts.loading && !posts.data ? (
            <Loading />
          ) : !posts.data ? (
            <Alert kind="error">{errorMessage(posts.error, t)}</Alert>
          ) : posts.data.length === 0 ? (
            <p className="muted">{t('borderPosts.none')}</p>
          ) : (
            <PostList posts={posts.data} selected={selected} onSelect={setSelected} />
          )}
          <CreatePostForm
            onCreated={(id) => {
              setSelected(id);
              posts.reload();
            }}
          />
        </section>
        {post && (
          <div className="bp-side">
            <DailyCountsPanel post={post} />
            <ShiftsEditor key={post.id} post={post} onSaved={posts.reload} />
          </div>
        )}
      </div>
    </Page>
  );
}

function PostList({ posts, selected, onSelect }: { posts: BorderPost[]; selected: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const { index } = useRegions();
  return (
    <ul className="bp-list" data-testid="border-post-list">
      {posts.map((p) => (
        <li key={p.id}>
          <button type="button" className={`bp-post${p.id === selected ? ' bp-post--on' : ''}`} aria-pressed={p.id === selected} onClick={() => onSelect(p.id)} data-testid="border-post" data-name={p.name}>
            <strong>{p.name}</strong>
            <span className="muted">{regionName(index, p.regionCode)}</span>
            <span className="small">{t('borderPosts.shiftsLine', { shifts: p.shifts.map(shiftText).join(', ') })}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function CreatePostForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [regionCode, setRegionCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { id } = await borderPostsApi.create({ name: name.trim(), regionCode, shifts: DEFAULT_SHIFTS });
      setName('');
      onCreated(id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form bp-create" onSubmit={(e) => void submit(e)} noValidate data-testid="border-post-form">
      <h3>{t('borderPosts.add')}</h3>
      {error !== null && formErrorMessage(error, ['name', 'regionCode'], t) && <Alert kind="error">{formErrorMessage(error, ['name', 'regionCode'], t)}</Alert>}
      <TextField id="bp-name" testId="border-post-name" label={t('borderPosts.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name', {}, error)} required />
      <RegionSelect id="bp-region" testId="border-post-region" label={t('borderPosts.region')} value={regionCode} onChange={setRegionCode} error={fieldError('regionCode', {}, error)} required />
      <p className="muted small">{t('borderPosts.defaultShifts', { shifts: DEFAULT_SHIFTS.map(shiftText).join(', ') })}</p>
      <button type="submit" className="btn btn--primary" disabled={busy || !name.trim() || !regionCode} data-testid="border-post-create">
        {busy ? t('borderPosts.saving') : t('borderPosts.create')}
      </button>
    </form>
  );
}

function DailyCountsPanel({ post }: { post: BorderPost }) {
  const { t, i18n } = useTranslation();
  const { timeZone } = usePublicConfig().config;
  const [date, setDate] = useState(todayIn(timeZone));
  const daily = useAsync((signal) => borderPostsApi.daily(post.id, date, signal), [post.id, date]);
  const d = daily.data;
  return (
    <section className="panel" aria-labelledby="bp-daily">
      <h2 id="bp-daily" className="panel-title">{t('borderPosts.dailyTitle', { name: post.name })}</h2>
      <TextField id="bp-date" testId="border-post-date" label={t('borderPosts.date')} type="date" value={date} max={todayIn(timeZone)} onChange={(e) => e.target.value && setDate(e.target.value)} />
      {daily.loading && !d ? (
        <Loading />
      ) : !d ? (
        <Alert kind="error">{errorMessage(daily.error, t)}</Alert>
      ) : (
        <div className="table-wrap bp-counts-wrap">
          <table className="table bp-counts" data-testid="border-post-counts">
            <caption className="muted">{formatDate(d.date, i18n.language, { weekday: true })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('borderPosts.shift')}</th>
                <th scope="col" className="num">{t('borderPosts.passed')}</th>
                <th scope="col" className="num">{t('borderPosts.turnedBack')}</th>
                <th scope="col" className="num">{t('borderPosts.referred')}</th>
                <th scope="col" className="num">{t('borderPosts.total')}</th>
              </tr>
            </thead>
            <tbody>
              {d.shifts.map((s) => (
                <tr key={s.shift ? s.shift.from : 'outside'} data-testid="border-post-shift-row">
                  <th scope="row">{s.shift ? shiftText(s.shift) : t('borderPosts.outsideShifts')}</th>
                  <td className="num">{s.passed}</td>
                  <td className="num">{s.turnedBack}</td>
                  <td className="num">{s.referred}</td>
                  <td className="num">{s.total}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('borderPosts.dayTotal')}</th>
                <td className="num">{d.shifts.reduce((n, s) => n + s.passed, 0)}</td>
                <td className="num">{d.shifts.reduce((n, s) => n + s.turnedBack, 0)}</td>
                <td className="num">{d.shifts.reduce((n, s) => n + s.referred, 0)}</td>
                <td className="num" data-testid="border-post-day-total">{d.total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function ShiftsEditor({ post, onSaved }: { post: BorderPost; onSaved: () => void }) {
  const { t } = useTranslation();
  const [shifts, setShifts] = useState<Shift[]>(post.shifts);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (i: number, key: keyof Shift, value: string) => setShifts((all) => all.map((s, j) => (j === i ? { ...s, [key]: value } : s)));
  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await borderPostsApi.update(post.id, { shifts });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="bp-shifts">
      <h2 id="bp-shifts" className="panel-title">{t('borderPosts.shiftsTitle')}</h2>
      <form className="form" onSubmit={(e) => void save(e)} noValidate data-testid="border-post-shifts">
        {error !== null && <Alert kind="error">{formErrorMessage(error, ['shifts'], t) ?? errorMessage(error, t)}</Alert>}
        {saved && <Alert kind="success">{t('borderPosts.shiftsSaved')}</Alert>}
        {shifts.map((s, i) => (
          <div className="bp-shift" key={i}>
            <TextField id={`bp-from-${i}`} label={t('borderPosts.from', { n: i + 1 })} type="time" value={s.from} onChange={(e) => set(i, 'from', e.target.value)} />
            <TextField id={`bp-until-${i}`} label={t('borderPosts.until', { n: i + 1 })} type="time" value={s.until} onChange={(e) => set(i, 'until', e.target.value)} />
            {shifts.length > 1 && (
              <button type="button" className="btn btn--small" onClick={() => setShifts((all) => all.filter((_, j) => j !== i))}>
                {t('borderPosts.removeShift')}
              </button>
            )}
          </div>
        ))}
        <div className="bp-actions">
          {shifts.length < 4 && (
            <button type="button" className="btn" onClick={() => setShifts((all) => [...all, { from: all.at(-1)?.until ?? '07:30', until: '23:00' }])}>
              {t('borderPosts.addShift')}
            </button>
          )}
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="border-post-save-shifts">
            {busy ? t('borderPosts.saving') : t('borderPosts.saveShifts')}
          </button>
        </div>
        <p className="muted small">{t('borderPosts.shiftsHint')}</p>
      </form>
    </section>
  );
}

