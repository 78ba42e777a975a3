import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  ContentHeader,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import {
  LISTABLE_RUN_STATUSES,
  ListableRunStatus,
  WorkflowRunSummary,
} from '@internal/backstage-plugin-quantumlayer-common';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { elapsedMs, formatDuration, formatTime } from '../shared/format';
import { runTone, StatusLabel } from '../shared/StatusLabel';
import { stageTitle } from '../shared/stages';
import { useRunLink } from '../shared/useRunLink';

/** Statuses `GET /v1/workflows?status=` accepts. */
const STATUSES = LISTABLE_RUN_STATUSES;

/** Rows per page. */
export const RUNS_PAGE_SIZE = 20;

/**
 * Generate-extended runs from Temporal visibility, newest first, filtered by
 * status and paged with the backend's page tokens.
 */
export function WorkflowRunsPage() {
  const api = useApi(quantumlayerApiRef);
  const runLink = useRunLink();
  const [status, setStatus] = useState<ListableRunStatus | ''>('');
  // Tokens of the pages before the current one; the last entry is the current page's.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const pageToken = tokens[tokens.length - 1];

  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      api.listRuns({
        status: status || undefined,
        pageSize: RUNS_PAGE_SIZE,
        pageToken,
      }),
    [api, status, pageToken],
  );

  const now = Date.now();
  const columns: TableColumn<WorkflowRunSummary>[] = [
    {
      title: 'Workflow',
      field: 'workflow_id',
      render: run => (
        <Link
          to={runLink(run.workflow_id)}
          data-testid={`run-link-${run.workflow_id}`}
        >
          {run.workflow_id}
        </Link>
      ),
    },
    {
      title: 'Status',
      field: 'status',
      render: run => (
        <StatusLabel
          tone={runTone(run.status)}
          label={run.status}
          testId={`run-status-${run.workflow_id}`}
        />
      ),
    },
    {
      title: 'Stage',
      field: 'current_stage',
      render: run => stageTitle(run.current_stage),
    },
    {
      title: 'Started',
      field: 'start_time',
      render: run => formatTime(run.start_time),
    },
    {
      title: 'Duration',
      render: run =>
        formatDuration(elapsedMs(run.start_time, run.close_time, now)),
    },
  ];

  return (
    <Content>
      <ContentHeader title="Workflow runs">
        <Button variant="outlined" onClick={retry} disabled={loading}>
          Refresh
        </Button>
      </ContentHeader>
      <Box display="flex" alignItems="flex-end" mb={2} style={{ gap: 16 }}>
        <TextField
          select
          label="Status"
          value={status}
          SelectProps={{ native: true }}
          inputProps={{
            'data-testid': 'runs-status-filter',
            id: 'runs-status',
          }}
          InputLabelProps={{ htmlFor: 'runs-status', shrink: true }}
          onChange={e => {
            setStatus(e.target.value as ListableRunStatus | '');
            setTokens([undefined]);
          }}
        >
          <option value="">any</option>
          {STATUSES.map(s => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </TextField>
        <Button
          variant="outlined"
          disabled={tokens.length <= 1 || loading}
          onClick={() => setTokens(t => t.slice(0, -1))}
        >
          Previous page
        </Button>
        <Button
          variant="outlined"
          disabled={!value?.next_page_token || loading}
          onClick={() => {
            const next = value?.next_page_token;
            if (next) setTokens(t => [...t, next]);
          }}
        >
          Next page
        </Button>
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !loading && (
        <Table<WorkflowRunSummary>
          title={`Runs (page ${tokens.length})`}
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={value.items.map(run => ({ ...run }))}
          emptyContent={
            <Box p={2} data-testid="runs-empty">
              No runs{status ? ` with status ${status}` : ''}.
            </Box>
          }
        />
      )}
    </Content>
  );
}
