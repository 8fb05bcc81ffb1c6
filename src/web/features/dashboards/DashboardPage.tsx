import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useUrlState } from '../../lib/useUrlState';
import { dashboardsApi, type Dashboard, type DashboardQuery, type Panel } from './api';
import { cellText } from './labels';
import './dashboards.css';

// The map (Leaflet) and the charts (chart.js) are chunks of their own, fetched when a dashboard first draws them.
const ChoroplethMap = lazy(() => import('./ChoroplethMap'));
const PanelChart = lazy(() => import('./PanelChart'));

/**
 * The dashboard (issue #17): a region's panels for a period, drilling down city → kecamatan → desa. Every chart reads
 * as a table and downloads as CSV; the page refetches when the server's event stream says so.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useUrlState();
  const q: DashboardQuery = { region: params.get('region') ?? undefined, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const dashboard = useAsync((signal) => dashboardsApi.get(q, signal), [q.region, q.from, q.to]);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (dashboard.data) setUpdatedAt(new Date());
  }, [dashboard.data]);

  // Server-sent events: a "refresh" refetches the figures in place; the browser reconnects when the stream closes.
  const reload = dashboard.reload;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(dashboardsApi.eventsUrl(q.region), { withCredentials: true });
    source.addEventListener('ready', () => setLive(true));
    source.addEventListener('refresh', () => reload());
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [q.region]);

  const data = dashboard.data;
  const drill = (code: string) => setParams({ region: code });
  return (
    <Page title={t('dashboards.title')} intro={t('dashboards.intro')} testId="page-dashboards">
      {data && <Breadcrumb data={data} onSelect={drill} />}
      <form className="db-tools panel" onSubmit={(e) => e.preventDefault()}>
        <TextField id="db-from" testId="dashboard-from" label={t('dashboards.from')} type="date" value={data?.from ?? q.from ?? ''} onChange={(e) => e.target.value && setParams({ from: e.target.value })} />
        <TextField id="db-to" testId="dashboard-to" label={t('dashboards.to')} type="date" value={data?.to ?? q.to ?? ''} onChange={(e) => e.target.value && setParams({ to: e.target.value })} />
        <p className="db-live" data-testid="dashboard-live" aria-live="polite">
          <span className={live ? 'db-dot is-live' : 'db-dot'} aria-hidden="true" />
          {live ? t('dashboards.live') : t('dashboards.notLive')}
          {updatedAt && <> · {t('dashboards.updatedAt', { time: formatDateTime(updatedAt.toISOString(), i18n.language) })}</>}
        </p>
      </form>
      {dashboard.error !== undefined && <Alert kind="error">{errorMessage(dashboard.error, t)}</Alert>}
      {!data ? (
        dashboard.loading ? <Loading /> : null
      ) : (
        <>
          {data.children.length > 0 && (
            <nav className="db-children panel" aria-labelledby="db-children-title">
              <h2 id="db-children-title" className="panel-title">{t(data.children[0]!.type === 'kecamatan' ? 'dashboards.childKecamatan' : 'dashboards.childDesa')}</h2>
              <ul>
                {data.children.map((c) => (
                  <li key={c.code}>
                    <button type="button" className="link-button" data-testid={`drill-${c.code}`} onClick={() => drill(c.code)}>
                      {c.name}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <p className="db-period">{t('dashboards.period', { name: data.region.name, from: formatDate(data.from, i18n.language), to: formatDate(data.to, i18n.language) })}</p>
          <div className="db-grid">
            {data.panels.map((panel) => (
              <PanelCard key={panel.id} panel={panel} dashboard={data} onSelect={data.children.length > 0 ? drill : undefined} />
            ))}
          </div>
        </>
      )}
    </Page>
  );
}

function Breadcrumb({ data, onSelect }: { data: Dashboard; onSelect: (code: string) => void }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('dashboards.breadcrumb')} className="db-crumbs" data-testid="dashboard-breadcrumb">
      <ol>
        {data.path.map((r, i) => (
          <li key={r.code}>
            {i === data.path.length - 1 ? (
              <span aria-current="page">{r.name}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => onSelect(r.code)}>
                {r.name}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function PanelCard({ panel, dashboard, onSelect }: { panel: Panel; dashboard: Dashboard; onSelect?: (code: string) => void }) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(panel.kind === 'table');
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const title = t(`dashboards.panels.${panel.id}`, { defaultValue: panel.id });
  const headingId = `db-${panel.id}`;
  const q = { region: dashboard.region.code, from: dashboard.from, to: dashboard.to };
  const level = dashboard.children[0]?.type === 'kecamatan' ? 'kecamatan' : 'village';
  return (
    <section className={`panel db-panel db-${panel.kind}`} aria-labelledby={headingId} data-testid={`panel-${panel.id}`}>
      <div className="db-panel-head">
        <h2 id={headingId} className="panel-title">{title}</h2>
        <div className="db-panel-tools">
          {panel.kind !== 'table' && (
            <button type="button" className="btn btn--small" aria-pressed={asTable} data-testid={`toggle-${panel.id}`} onClick={() => setAsTable(!asTable)}>
              {asTable ? t('dashboards.showChart') : t('dashboards.showTable')}
            </button>
          )}
          <a
            className="btn btn--small"
            href={dashboardsApi.csvUrl(panel.id, q)}
            download
            data-testid={`csv-${panel.id}`}
            onClick={(e) => {
              e.preventDefault();
              setDownloadError(null);
              dashboardsApi.downloadCsv(panel.id, q).catch(setDownloadError);
            }}
          >
            {t('dashboards.csv')}
          </a>
        </div>
      </div>
      {downloadError !== null && <Alert kind="error">{errorMessage(downloadError, t)}</Alert>}
      {asTable || !hasFigures(panel) ? (
        <PanelTable panel={panel} caption={title} />
      ) : (
        <Suspense fallback={<Loading />}>
          {panel.kind === 'choropleth' ? <ChoroplethMap panel={panel} level={level} label={title} onSelect={onSelect} /> : <PanelChart panel={panel} label={title} />}
        </Suspense>
      )}
    </section>
  );
}

/** A chart of nothing but zeros says less than the words "no data in this period". */
function hasFigures(panel: Panel): boolean {
  if (panel.kind === 'choropleth') return panel.rows.length > 0;
  const last = panel.columns.length - 1;
  return panel.rows.some((r) => typeof r[last] === 'number' && r[last] !== 0);
}

function PanelTable({ panel, caption }: { panel: Panel; caption: string }) {
  const { t, i18n } = useTranslation();
  if (!hasFigures(panel) && panel.kind !== 'table') return <p className="db-empty">{t('dashboards.empty')}</p>;
  if (panel.rows.length === 0) return <p className="db-empty">{t('dashboards.empty')}</p>;
  const numeric = panel.columns.map((_, i) => panel.rows.every((r) => typeof r[i] === 'number' || r[i] === null));
  const shown = panel.columns.map((c, i) => (c === 'regionCode' ? -1 : i)).filter((i) => i >= 0);
  return (
    <div className="table-wrap db-table">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {shown.map((i) => (
              <th key={i} scope="col" className={numeric[i] ? 'num' : undefined}>{t(`dashboards.columns.${panel.columns[i]}`, { defaultValue: panel.columns[i]! })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {panel.rows.map((row, r) => (
            <tr key={r}>
              {shown.map((i) => (
                <td key={i} className={numeric[i] ? 'num' : undefined}>{cellText(panel.columns[i]!, row[i] ?? null, t, i18n.language)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
