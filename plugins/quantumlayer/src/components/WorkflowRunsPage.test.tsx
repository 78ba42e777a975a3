/* eslint-disable no-restricted-imports -- the test serves the API from a real loopback server */
import http from 'http';
import type { AddressInfo } from 'net';
import { screen, waitFor } from '@testing-library/react';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { WorkflowRunsPage } from './WorkflowRunsPage';

describe('WorkflowRunsPage', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url!);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          items: [
            {
              workflow_id: 'ql-abc',
              run_id: 'r1',
              status: 'completed',
              current_stage: 'done',
              start_time: '2026-11-23T10:00:00Z',
              close_time: '2026-11-23T10:00:01Z',
            },
          ],
          next_page_token: null,
        }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/quantumlayer`;
  });
  afterAll(() => server.close());

  it('lists runs from the backend', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [discoveryApiRef, { getBaseUrl: async () => baseUrl }],
          [
            fetchApiRef,
            {
              fetch: (input: RequestInfo | URL, init?: RequestInit) =>
                fetch(input, init),
            },
          ],
        ]}
      >
        <WorkflowRunsPage />
      </TestApiProvider>,
    );
    await waitFor(() => expect(screen.getByText('ql-abc')).toBeInTheDocument());
    expect(screen.getByText('done')).toBeInTheDocument();
    expect(seen).toEqual(['/api/quantumlayer/v1/workflows?page_size=25']);
  });
});
