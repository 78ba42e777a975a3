import { useTheme } from '@material-ui/core/styles';
import type { UsageRow } from '../../api/types';
import { formatCount, formatUsd } from '../shared/format';

/** What the bars measure. */
export type UsageMetric = 'costUsd' | 'tokens' | 'requests';

export const METRIC_LABELS: Record<UsageMetric, string> = {
  costUsd: 'Cost (USD)',
  tokens: 'Tokens',
  requests: 'Requests',
};

export const usageKey = (row: UsageRow) => row.key ?? '(none)';

export function metricValue(row: UsageRow, metric: UsageMetric): number {
  if (metric === 'tokens') return row.promptTokens + row.completionTokens;
  return row[metric];
}

export const formatMetric = (value: number, metric: UsageMetric) =>
  metric === 'costUsd' ? formatUsd(value) : formatCount(value);

const ROW = 26;
const LABEL = 160;
const VALUE = 90;
const WIDTH = 720;

/** Horizontal bars, one per row, scaled to the largest; plain SVG. */
export function UsageBarChart(props: {
  rows: UsageRow[];
  metric: UsageMetric;
  title: string;
}) {
  const theme = useTheme();
  const { rows, metric } = props;
  const max = Math.max(0, ...rows.map(r => metricValue(r, metric)));
  const barSpace = WIDTH - LABEL - VALUE;
  const height = Math.max(ROW, rows.length * ROW) + 8;
  return (
    <svg
      role="img"
      aria-label={props.title}
      data-testid="usage-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: WIDTH, display: 'block' }}
    >
      <title>{props.title}</title>
      {rows.length === 0 && (
        <text x={8} y={18} fill={theme.palette.text.secondary} fontSize={13}>
          No usage in this period.
        </text>
      )}
      {rows.map((row, index) => {
        const value = metricValue(row, metric);
        const width = max > 0 ? (value / max) * barSpace : 0;
        const y = 4 + index * ROW;
        const key = usageKey(row);
        return (
          <g key={key} data-testid={`usage-bar-${key}`} data-value={value}>
            <text
              x={LABEL - 8}
              y={y + ROW / 2 + 4}
              textAnchor="end"
              fontSize={12}
              fill={theme.palette.text.primary}
            >
              {key.length > 24 ? `${key.slice(0, 23)}…` : key}
            </text>
            <rect
              x={LABEL}
              y={y + 3}
              width={Math.max(value > 0 ? 1 : 0, width)}
              height={ROW - 6}
              rx={2}
              fill={theme.palette.primary.main}
            >
              <title>{`${key}: ${formatMetric(value, metric)}`}</title>
            </rect>
            <text
              x={LABEL + width + 6}
              y={y + ROW / 2 + 4}
              fontSize={12}
              fill={theme.palette.text.secondary}
            >
              {formatMetric(value, metric)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
