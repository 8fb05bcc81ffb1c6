// Loaded lazily: chart.js (tree-shaken to the line and bar charts) stays out of the staff app's first load.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { ZONE_FILL } from '../policies/labels';
import type { Panel } from './api';
import { cellText } from './labels';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const PALETTE = ['#1f6f66', '#c2410c', '#6d28d9', '#0369a1', '#a16207', '#be185d', '#4d7c0f', '#475569'];
const BAND_FILL: Record<string, string> = { ...ZONE_FILL, grey: '#9aa5a3' };

export interface PanelChartProps {
  panel: Panel;
  label: string;
}

/** A line or bar chart of a panel: the first column along the axis, the last as the value, a middle column as series. */
export default function PanelChart({ panel, label }: PanelChartProps) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const [xCol, ...rest] = panel.columns;
    const yIndex = panel.columns.length - 1;
    const seriesCol = rest.length > 1 ? rest[0]! : null;
    const xs = [...new Set(panel.rows.map((r) => r[0]))];
    const labels = xs.map((x) => cellText(xCol!, x ?? null, t, i18n.language));
    let datasets;
    if (seriesCol) {
      const series = [...new Set(panel.rows.map((r) => r[1]))];
      datasets = series.map((s, i) => {
        const colour = typeof s === 'string' && BAND_FILL[s] ? BAND_FILL[s] : PALETTE[i % PALETTE.length]!;
        return {
          label: cellText(seriesCol, s ?? null, t, i18n.language),
          data: xs.map((x) => Number(panel.rows.find((r) => r[0] === x && r[1] === s)?.[yIndex] ?? 0)),
          backgroundColor: colour,
          borderColor: colour,
        };
      });
    } else {
      const colours = panel.rows.map((r) => (typeof r[0] === 'string' && BAND_FILL[r[0]] ? BAND_FILL[r[0]]! : PALETTE[0]!));
      const yCol = panel.columns[yIndex]!;
      datasets = [{ label: t(`dashboards.columns.${yCol}`, { defaultValue: yCol }), data: panel.rows.map((r) => Number(r[yIndex] ?? 0)), backgroundColor: colours, borderColor: PALETTE[0]! }];
    }
    const chart = new Chart(el, {
      type: panel.kind === 'line' ? 'line' : 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: seriesCol !== null, position: 'bottom' } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, stacked: panel.kind === 'bar' && seriesCol !== null }, x: { stacked: panel.kind === 'bar' && seriesCol !== null } },
      },
    });
    return () => chart.destroy();
  }, [panel, t, i18n.language]);

  return (
    <div className="db-chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
