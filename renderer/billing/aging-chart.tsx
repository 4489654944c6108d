import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip, type ChartOptions, type TooltipItem } from 'chart.js';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import { AGING_BUCKETS } from '../../shared/billing/aging';
import type { AgingReport } from '../../shared/billing/billing.contract';
import { formatCents } from '../../shared/format/money';
import { agingChartSeries, bucketShares } from './reports-model';

// Only what a bar chart needs (chart.js is tree-shaken).
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif", size: 12 };
const MUTED = '#536168';
const GRID = '#e6ebed';

/** `$12.3k`, `$1.2M`: short axis labels; exact amounts are in the tooltip and the table. */
function shortDollars(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `$${(value / 1_000_000).toFixed(1)}M`;
  if (abs >= 1_000) return `$${(value / 1_000).toFixed(abs >= 10_000 ? 0 : 1)}k`;
  return `$${value.toFixed(0)}`;
}

/**
 * The open balance per aging bucket as a bar chart (react-chartjs-2), oldest in red. The canvas has a
 * text alternative that lists every bucket, so the chart says the same to a screen reader.
 */
export function AgingChart({ report }: { report: AgingReport }) {
  const series = agingChartSeries(report);
  const shares = bucketShares(report);
  const data = useMemo(() => ({
    labels: series.labels,
    datasets: [{
      label: 'Open balance',
      data: series.dollars,
      backgroundColor: series.colors,
      hoverBackgroundColor: series.colors,
      borderRadius: 6,
      borderSkipped: 'start' as const,
      maxBarThickness: 72,
      categoryPercentage: 0.7,
    }],
  }), [report]);
  const options = useMemo<ChartOptions<'bar'>>(() => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { display: false },
      tooltip: {
        backgroundColor: '#1a2327',
        padding: 10,
        cornerRadius: 6,
        titleFont: { ...FONT, weight: 600 },
        bodyFont: FONT,
        displayColors: false,
        callbacks: {
          label: (item: TooltipItem<'bar'>) => {
            const bucket = AGING_BUCKETS[item.dataIndex];
            return bucket ? `${formatCents(report.totals[bucket.id])} · ${shares[bucket.id]}% of open A/R` : '';
          },
        },
      },
    },
    scales: {
      x: { grid: { display: false }, border: { color: GRID }, ticks: { color: MUTED, font: FONT } },
      y: {
        beginAtZero: true,
        border: { display: false },
        grid: { color: GRID },
        ticks: { color: MUTED, font: FONT, maxTicksLimit: 6, callback: (value) => shortDollars(Number(value)) },
      },
    },
  }), [report]);
  const summary = AGING_BUCKETS.map((bucket) => `${bucket.label} days ${formatCents(report.totals[bucket.id])} (${shares[bucket.id]}%)`).join('; ');
  return (
    <div className="aging__chart">
      <Bar data={data} options={options} role="img" aria-label={`Open balance by age: ${summary}.`} fallbackContent={<p>{summary}</p>} />
    </div>
  );
}
