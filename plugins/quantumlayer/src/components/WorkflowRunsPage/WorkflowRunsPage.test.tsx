import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { rootRouteRef } from '../../routes';
import {
  FakeQuantumlayerApi,
  serverError,
} from '../../testing/FakeQuantumlayerApi';
import { RUNS_PAGE_SIZE, WorkflowRunsPage } from './WorkflowRunsPage';

const render = (api: FakeQuantumlayerApi) =>
  renderInTestApp(<WorkflowRunsPage />, {
    apis: [[quantumlayerApiRef, api]],
    mountedRoutes: { '/quantumlayer': rootRouteRef },
  });

describe('WorkflowRunsPage', () => {
  it('lists runs with status, stage and a link to each run', async () => {
    const api = new FakeQuantumlayerApi();
    render(api);

    const link = await screen.findByTestId('run-link-ql-waiting');
    expect(link).toHaveAttribute('href', '/quantumlayer/runs/ql-waiting');
    expect(screen.getByTestId('run-status-ql-waiting')).toHaveTextContent(
      'running',
    );
    expect(screen.getByText('Awaiting approval')).toBeInTheDocument();
    expect(screen.getByTestId('run-status-ql-done')).toHaveTextContent(
      'completed',
    );
    expect(screen.getByText('1 min 30 s')).toBeInTheDocument();
    expect(api.callsOf('listRuns')).toEqual([
      [{ status: undefined, pageSize: RUNS_PAGE_SIZE, pageToken: undefined }],
    ]);
  });

  it('filters by status and pages with the backend token', async () => {
    const api = new FakeQuantumlayerApi();
    api.runs = { items: api.runs.items, next_page_token: 'tok-2' };
    render(api);
    await screen.findByTestId('run-link-ql-done');

    fireEvent.change(screen.getByTestId('runs-status-filter'), {
      target: { value: 'failed' },
    });
    await waitFor(() => expect(api.callsOf('listRuns')).toHaveLength(2));
    expect(api.callsOf('listRuns')[1]).toEqual([
      { status: 'failed', pageSize: RUNS_PAGE_SIZE, pageToken: undefined },
    ]);

    await screen.findByTestId('run-link-ql-done');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(api.callsOf('listRuns')).toHaveLength(3));
    expect(api.callsOf('listRuns')[2]).toEqual([
      { status: 'failed', pageSize: RUNS_PAGE_SIZE, pageToken: 'tok-2' },
    ]);

    await screen.findByText('Runs (page 2)');
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() => expect(api.callsOf('listRuns')).toHaveLength(4));
    expect(api.callsOf('listRuns')[3]).toEqual([
      { status: 'failed', pageSize: RUNS_PAGE_SIZE, pageToken: undefined },
    ]);
  });

  it("shows the backend's message when listing fails", async () => {
    const api = new FakeQuantumlayerApi();
    api.failures.listRuns = serverError(
      'Temporal is unreachable at temporal:7233',
    );
    render(api);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Error: Temporal is unreachable at temporal:7233',
    );
    expect(screen.queryByTestId('run-link-ql-done')).not.toBeInTheDocument();
  });
});
