import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { rootRouteRef } from '../../routes';
import {
  FakeQuantumlayerApi,
  serverError,
} from '../../testing/FakeQuantumlayerApi';
import {
  getHealthCheckName,
  getWorkflowId,
  isQuantumlayerGeneratedComponent,
  isQuantumlayerHealthResource,
} from './annotations';
import { QuantumlayerHealthCheckCard } from './HealthCheckCard';
import { QuantumlayerWorkflowRunCard } from './WorkflowRunCard';

const render = (api: FakeQuantumlayerApi, element: JSX.Element) =>
  renderInTestApp(element, {
    apis: [[quantumlayerApiRef, api]],
    mountedRoutes: { '/quantumlayer': rootRouteRef },
  });

describe('annotations', () => {
  it('reads the keys the template and catalog module write', () => {
    const component = {
      kind: 'Component',
      metadata: {
        annotations: {
          'quantumlayer.io/workflow-id': 'ql-abc',
          'quantumlayer.io/artifact-id': 'art-1',
        },
      },
    };
    expect(getWorkflowId(component)).toBe('ql-abc');
    expect(isQuantumlayerGeneratedComponent(component)).toBe(true);
    expect(isQuantumlayerHealthResource(component)).toBe(false);

    const resource = {
      kind: 'Resource',
      metadata: { annotations: { 'quantumlayer.dev/health-check': 'redis' } },
    };
    expect(getHealthCheckName(resource)).toBe('redis');
    expect(isQuantumlayerHealthResource(resource)).toBe(true);
    expect(
      isQuantumlayerHealthResource({ kind: 'Resource', metadata: {} }),
    ).toBe(false);
  });
});

describe('QuantumlayerHealthCheckCard', () => {
  it('shows the annotated check and links to the health page', async () => {
    const api = new FakeQuantumlayerApi();
    render(api, <QuantumlayerHealthCheckCard checkName="redis" />);
    expect(await screen.findByTestId('entity-health-status')).toHaveTextContent(
      'degraded',
    );
    const card = screen.getByTestId('entity-health-card');
    expect(card).toHaveTextContent('250 ms');
    expect(card).toHaveTextContent('used memory at 91% of maxmemory');
    expect(card).toHaveTextContent('2026-11-23 09:58:00 UTC');
    expect(
      screen.getByRole('link', { name: /Platform health/ }),
    ).toHaveAttribute('href', '/quantumlayer/health');
  });

  it('names the checks that exist when the annotation is wrong', async () => {
    const api = new FakeQuantumlayerApi();
    render(api, <QuantumlayerHealthCheckCard checkName="postgres" />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No health check named "postgres"',
    );
    expect(screen.getByTestId('entity-health-card')).toHaveTextContent(
      'The backend reports database, redis',
    );
  });

  it("shows the backend's message on failure", async () => {
    const api = new FakeQuantumlayerApi();
    api.failures.getHealthDetails = serverError('no token');
    render(api, <QuantumlayerHealthCheckCard checkName="redis" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('no token');
  });
});

describe('QuantumlayerWorkflowRunCard', () => {
  it('shows the run that generated the component and links to it', async () => {
    const api = new FakeQuantumlayerApi();
    render(api, <QuantumlayerWorkflowRunCard workflowId="ql-done" />);
    expect(await screen.findByTestId('entity-run-status')).toHaveTextContent(
      'completed',
    );
    const card = screen.getByTestId('entity-run-card');
    expect(card).toHaveTextContent('art-1 (2 files)');
    expect(card).toHaveTextContent('passed');
    expect(
      within(card).getByTestId('entity-run-stage-package_store'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open run/ })).toHaveAttribute(
      'href',
      '/quantumlayer/runs/ql-done',
    );
    expect(api.callsOf('getRun')).toEqual([['ql-done']]);
  });
});
