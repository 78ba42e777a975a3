import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { quantumlayerApiRef } from './api/QuantumlayerApi';
import { quantumlayerPlugin } from './plugin';
import { FakeQuantumlayerApi } from './testing/FakeQuantumlayerApi';

const render = (path: string, api = new FakeQuantumlayerApi()) => {
  renderTestApp({
    features: [quantumlayerPlugin],
    apis: [[quantumlayerApiRef, api]],
    initialRouteEntries: [path],
  });
  return api;
};

describe('quantumlayerPlugin', () => {
  it('opens the runs tab at /quantumlayer, with a tab per page', async () => {
    render('/quantumlayer');
    expect(await screen.findByTestId('run-link-ql-done')).toHaveAttribute(
      'href',
      '/quantumlayer/runs/ql-done',
    );
    for (const [tab, href] of [
      ['Workflow runs', '/quantumlayer/runs'],
      ['Platform health', '/quantumlayer/health'],
      ['Router usage', '/quantumlayer/usage'],
    ]) {
      expect(screen.getByRole('tab', { name: tab })).toHaveAttribute(
        'href',
        href,
      );
    }
    const sidebar = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(
      within(sidebar).getByRole('link', { name: 'QuantumLayer' }),
    ).toHaveAttribute('href', '/quantumlayer');
  });

  it('shows a run at /quantumlayer/runs/:id', async () => {
    const api = render('/quantumlayer/runs/ql-waiting');
    expect(await screen.findByTestId('approval-panel')).toBeInTheDocument();
    expect(api.callsOf('getRun')).toEqual([['ql-waiting']]);
  });

  it('goes from the list to a run', async () => {
    render('/quantumlayer/runs');
    fireEvent.click(await screen.findByTestId('run-link-ql-done'));
    expect(await screen.findByTestId('download-README.md')).toBeInTheDocument();
  });

  it('serves platform health', async () => {
    render('/quantumlayer/health');
    expect(
      await screen.findByTestId('health-status-database'),
    ).toHaveTextContent('ok');
  });

  it('serves router usage', async () => {
    const api = render('/quantumlayer/usage');
    expect(await screen.findByTestId('usage-chart')).toBeInTheDocument();
    await waitFor(() => expect(api.callsOf('getUsage')).toHaveLength(1));
  });
});

type Entity = Parameters<typeof createTestEntityPage>[0]['entity'];

describe('quantumlayerPlugin entity cards', () => {
  const healthResource: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'quantumlayer-redis',
      annotations: { 'quantumlayer.io/health-check': 'redis' },
    },
    spec: { type: 'cache', owner: 'group:default/platform' },
  };
  const generatedComponent: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'word-count',
      annotations: {
        'quantumlayer.io/workflow-id': 'ql-done',
        'quantumlayer.io/artifact-id': 'art-1',
      },
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'ada' },
  };

  // The test page takes the cards that attach to the catalog's overview
  // and, like the overview, shows those whose filter accepts the entity.
  const renderEntity = (entity: Entity) => {
    const api = new FakeQuantumlayerApi();
    renderTestApp({
      features: [quantumlayerPlugin],
      extensions: [createTestEntityPage({ entity })],
      apis: [[quantumlayerApiRef, api]],
    });
    return api;
  };

  it('shows the health card on a Resource annotated with a health check', async () => {
    renderEntity(healthResource);
    expect(await screen.findByTestId('entity-health-status')).toHaveTextContent(
      'degraded',
    );
    expect(screen.getByTestId('entity-health-card')).toHaveTextContent(
      'used memory at 91% of maxmemory',
    );
    expect(screen.queryByTestId('entity-run-card')).not.toBeInTheDocument();
  });

  it('shows the run card on a Component annotated with a workflow id', async () => {
    const api = renderEntity(generatedComponent);
    expect(await screen.findByTestId('entity-run-status')).toHaveTextContent(
      'completed',
    );
    expect(screen.getByRole('link', { name: /Open run/ })).toHaveAttribute(
      'href',
      '/quantumlayer/runs/ql-done',
    );
    expect(screen.queryByTestId('entity-health-card')).not.toBeInTheDocument();
    expect(api.callsOf('getRun')).toEqual([['ql-done']]);
  });

  it.each([
    [
      'a Resource without the annotation',
      { ...healthResource, metadata: { name: 'db' } },
    ],
    [
      'a Component without the annotation',
      { ...generatedComponent, metadata: { name: 'hand-written' } },
    ],
    [
      'a Component with a health-check annotation',
      { ...healthResource, kind: 'Component' },
    ],
    [
      'a Resource with a workflow-id annotation',
      { ...generatedComponent, kind: 'Resource' },
    ],
  ])('shows no card on %s', async (_, entity) => {
    const api = renderEntity(entity);
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });
});
