import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { WorkflowRunSummary } from '@internal/backstage-plugin-quantumlayer-common';

/** One page of `GET /v1/workflows`. */
export interface RunsPage {
  items: WorkflowRunSummary[];
  next_page_token: string | null;
}

/** Reads a page of generate-extended runs from the backend plugin. */
export async function fetchRuns(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  options: { status?: string; pageToken?: string } = {},
): Promise<RunsPage> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('quantumlayer');
  const query = new URLSearchParams({ page_size: '25' });
  if (options.status) query.set('status', options.status);
  if (options.pageToken) query.set('page_token', options.pageToken);
  const response = await apis.fetchApi.fetch(
    `${baseUrl}/v1/workflows?${query}`,
  );
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new Error(
      body?.error?.message ??
        `listing workflow runs failed with ${response.status}`,
    );
  }
  return response.json();
}
