import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import type { WorkflowRunSummary } from '@internal/backstage-plugin-quantumlayer-common';
import { fetchRuns } from '../api/fetchRuns';

const columns: TableColumn<WorkflowRunSummary>[] = [
  { title: 'Workflow', field: 'workflow_id' },
  { title: 'Status', field: 'status' },
  { title: 'Stage', field: 'current_stage' },
  { title: 'Started', field: 'start_time' },
  { title: 'Closed', field: 'close_time' },
];

const STATUSES = ['', 'running', 'completed', 'failed', 'cancelled'];

/** Lists generate-extended runs from Temporal visibility, newest first. */
export function WorkflowRunsPage() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [status, setStatus] = useState('');
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      fetchRuns({ discoveryApi, fetchApi }, { status: status || undefined }),
    [status],
  );

  return (
    <Page themeId="tool">
      <Header title="QuantumLayer" subtitle="Code generation workflow runs" />
      <Content>
        <label>
          Status{' '}
          <select
            aria-label="status"
            value={status}
            onChange={e => setStatus(e.target.value)}
          >
            {STATUSES.map(s => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={retry}>
          Refresh
        </button>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Table<WorkflowRunSummary>
            title={`Runs (${value.items.length})`}
            options={{ paging: false, search: false }}
            columns={columns}
            data={value.items}
          />
        )}
      </Content>
    </Page>
  );
}
