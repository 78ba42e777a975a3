import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { USAGE_GROUPINGS, UsageGrouping, UsageRow } from '../../api/types';
import { formatCount, formatUsd } from '../shared/format';
import {
  formatMetric,
  METRIC_LABELS,
  metricValue,
  UsageBarChart,
  UsageMetric,
  usageKey,
} from './UsageBarChart';

const GROUP_LABELS: Record<UsageGrouping, string> = {
  group: 'Group',
  user: 'User',
  model: 'Model',
  day: 'Day',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * LLM router usage from the ledger: requests, tokens and cost grouped by
 * group, user, model or day over an optional day range, as a table and a
 * bar chart. Without `quantumlayer.llm.usage.read` the backend answers only
 * the caller's own calls.
 */
export function RouterUsagePage() {
  const api = useApi(quantumlayerApiRef);
  const [groupBy, setGroupBy] = useState<UsageGrouping>('model');
  const [metric, setMetric] = useState<UsageMetric>('costUsd');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      api.getUsage({
        groupBy,
        from: DAY.test(from) ? from : undefined,
        to: DAY.test(to) ? to : undefined,
      }),
    [api, groupBy, from, to],
  );

  const rows = value?.rows ?? [];
  const totals: Record<UsageMetric, number> = rows.reduce(
    (sum, r) => ({
      requests: sum.requests + r.requests,
      tokens: sum.tokens + r.promptTokens + r.completionTokens,
      costUsd: sum.costUsd + r.costUsd,
    }),
    { requests: 0, tokens: 0, costUsd: 0 },
  );

  const columns: TableColumn<UsageRow>[] = [
    {
      title: GROUP_LABELS[groupBy],
      field: 'key',
      render: r => (
        <span data-testid={`usage-row-${usageKey(r)}`}>{usageKey(r)}</span>
      ),
    },
    { title: 'Requests', field: 'requests', type: 'numeric' },
    {
      title: 'Prompt tokens',
      field: 'promptTokens',
      type: 'numeric',
      render: r => formatCount(r.promptTokens),
    },
    {
      title: 'Completion tokens',
      field: 'completionTokens',
      type: 'numeric',
      render: r => formatCount(r.completionTokens),
    },
    {
      title: 'Total tokens',
      type: 'numeric',
      render: r => formatCount(r.promptTokens + r.completionTokens),
      customSort: (a, b) => metricValue(a, 'tokens') - metricValue(b, 'tokens'),
    },
    {
      title: 'Cost',
      field: 'costUsd',
      type: 'numeric',
      render: r => (
        <span data-testid={`usage-cost-${usageKey(r)}`}>
          {formatUsd(r.costUsd)}
        </span>
      ),
    },
  ];

  return (
    <Content>
      <ContentHeader title="Router usage">
        <Button variant="outlined" onClick={retry} disabled={loading}>
          Refresh
        </Button>
      </ContentHeader>
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
        <TextField
          select
          label="Group by"
          value={groupBy}
          SelectProps={{ native: true }}
          inputProps={{ 'data-testid': 'usage-group-by', id: 'usage-group-by' }}
          InputLabelProps={{ htmlFor: 'usage-group-by', shrink: true }}
          onChange={e => setGroupBy(e.target.value as UsageGrouping)}
        >
          {USAGE_GROUPINGS.map(g => (
            <option key={g} value={g}>
              {GROUP_LABELS[g]}
            </option>
          ))}
        </TextField>
        <TextField
          select
          label="Chart"
          value={metric}
          SelectProps={{ native: true }}
          inputProps={{ 'data-testid': 'usage-metric', id: 'usage-metric' }}
          InputLabelProps={{ htmlFor: 'usage-metric', shrink: true }}
          onChange={e => setMetric(e.target.value as UsageMetric)}
        >
          {(Object.keys(METRIC_LABELS) as UsageMetric[]).map(m => (
            <option key={m} value={m}>
              {METRIC_LABELS[m]}
            </option>
          ))}
        </TextField>
        <TextField
          type="date"
          label="From"
          value={from}
          onChange={e => setFrom(e.target.value)}
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'data-testid': 'usage-from' }}
        />
        <TextField
          type="date"
          label="To"
          value={to}
          onChange={e => setTo(e.target.value)}
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'data-testid': 'usage-to' }}
        />
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !loading && (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InfoCard
              title={`${METRIC_LABELS[metric]} by ${GROUP_LABELS[
                groupBy
              ].toLowerCase()}`}
              subheader={`Total: ${formatMetric(totals[metric], metric)}`}
            >
              <UsageBarChart
                rows={rows}
                metric={metric}
                title={`${METRIC_LABELS[metric]} by ${GROUP_LABELS[
                  groupBy
                ].toLowerCase()}`}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <div data-testid="usage-table">
              <Table<UsageRow>
                title="Usage"
                subtitle={`${formatCount(
                  totals.requests,
                )} requests, ${formatCount(totals.tokens)} tokens, ${formatUsd(
                  totals.costUsd,
                )}`}
                options={{ paging: false, search: false, padding: 'dense' }}
                columns={columns}
                data={rows.map(r => ({ ...r }))}
                emptyContent={<Box p={2}>No usage in this period.</Box>}
              />
            </div>
          </Grid>
        </Grid>
      )}
    </Content>
  );
}
