import { screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import {
  FakeQuantumlayerApi,
  serverError,
} from '../../testing/FakeQuantumlayerApi';
import * as fixtures from '../../testing/fixtures';
import { PlatformHealthPage } from './PlatformHealthPage';

const render = (api: FakeQuantumlayerApi, refreshIntervalMs?: number) =>
  renderInTestApp(
    <PlatformHealthPage refreshIntervalMs={refreshIntervalMs} />,
    {
      apis: [[quantumlayerApiRef, api]],
    },
  );

/** The table row of the check `name`. */
const rowOf = (name: string) =>
  screen.getByTestId(`health-check-${name}`).closest('tr') as HTMLElement;

describe('PlatformHealthPage', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    jest.setSystemTime(new Date('2026-11-23T10:00:00.000Z'));
  });
  afterEach(() => jest.useRealTimers());

  it('shows every check with status, latency and last change', async () => {
    const api = new FakeQuantumlayerApi();
    render(api);

    expect(
      await screen.findByTestId('health-check-database'),
    ).toHaveTextContent('database (critical)');
    expect(screen.getByTestId('health-status-database')).toHaveTextContent(
      'ok',
    );
    expect(screen.getByTestId('health-latency-database')).toHaveTextContent(
      '3 ms',
    );
    expect(screen.getByTestId('health-last-change-database')).toHaveTextContent(
      '1 h ago',
    );
    // Details as readable fields, never JSON; a list of objects as a table.
    expect(
      within(rowOf('database')).getByTestId('check-details'),
    ).toHaveTextContent('role: primary · replicas: 2');
    const pollers = within(screen.getByTestId('details-table-pollers'));
    expect(
      pollers.getAllByRole('columnheader').map(h => h.textContent),
    ).toEqual(['queue', 'type', 'pollers']);
    expect(pollers.getAllByRole('row')).toHaveLength(3);
    expect(screen.getByTestId('health-checks')).not.toHaveTextContent('{"');
    expect(screen.getByTestId('health-status-redis')).toHaveTextContent(
      'degraded',
    );
    expect(screen.getByTestId('health-latency-redis')).toHaveTextContent(
      '250 ms',
    );
    expect(screen.getByTestId('health-last-change-redis')).toHaveTextContent(
      '2 min ago',
    );
    expect(
      screen.getByText('used memory at 91% of maxmemory'),
    ).toBeInTheDocument();
    // The sandbox check, like any other, by name, with its message and details.
    expect(screen.getByTestId('health-check-sandbox')).toHaveTextContent(
      'sandbox',
    );
    expect(screen.getByTestId('health-status-sandbox')).toHaveTextContent(
      'degraded',
    );
    expect(
      screen.getByText(/generated tests run WITHOUT isolation/),
    ).toHaveTextContent('quantumlayer.sandbox.requireIsolation is false');
    expect(
      within(rowOf('sandbox')).getByTestId('check-details'),
    ).toHaveTextContent(
      'isolated: false · requireIsolation: false · bwrap: bwrap',
    );
    expect(screen.getByTestId('health-overall')).toHaveTextContent('degraded');
  });

  it('refreshes the checks every 10 seconds', async () => {
    const api = new FakeQuantumlayerApi();
    render(api);
    await screen.findByTestId('health-check-redis');
    expect(api.callsOf('getHealthDetails')).toHaveLength(1);

    api.health = {
      ...fixtures.health,
      status: 'down',
      checks: [
        {
          ...fixtures.health.checks[1],
          status: 'down',
          message: 'connection refused',
          lastChange: '2026-11-23T10:00:05.000Z',
        },
      ],
    };
    jest.advanceTimersByTime(9_999);
    expect(api.callsOf('getHealthDetails')).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await waitFor(() =>
      expect(screen.getByTestId('health-status-redis')).toHaveTextContent(
        'down',
      ),
    );
    expect(api.callsOf('getHealthDetails')).toHaveLength(2);
    expect(screen.getByText('connection refused')).toBeInTheDocument();
    expect(screen.getByTestId('health-overall')).toHaveTextContent('down');
  });

  it('shows the posture rules, workloads, CloudNativePG and Istio', async () => {
    const api = new FakeQuantumlayerApi();
    render(api);
    expect(
      await screen.findByTestId(
        'posture-rule-istio-mtls-strict:Namespace quantumlayer',
      ),
    ).toHaveTextContent('pass');
    expect(
      screen.getByTestId(
        'posture-rule-workload-pdb:Deployment quantumlayer/worker',
      ),
    ).toHaveTextContent('fail');
    expect(
      screen.getByTestId(
        'posture-rule-cnpg-last-backup:Cluster quantumlayer/quantumlayer-db',
      ),
    ).toHaveTextContent('pass');
    expect(
      screen.getByText(/^last successful backup 2026-11-23T02:04:51Z/),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId(
        'posture-rule-edge-ingress-tls:Gateway istio-system/quantumlayer',
      ),
    ).toHaveTextContent('unknown');
    expect(screen.getByText('2 pass, 1 fail, 1 unknown')).toBeInTheDocument();
    expect(
      screen.getByText('no PodDisruptionBudget selects its pods'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('posture-workload-quantumlayer/backstage'),
    ).toHaveTextContent('Deployment quantumlayer/backstage');
    expect(screen.getByText('Cluster in healthy state')).toBeInTheDocument();
    expect(screen.getByText('STRICT')).toBeInTheDocument();
    expect(screen.getByText('portal.example')).toBeInTheDocument();
  });

  it('shows an info panel, not an error, when Kubernetes is not configured', async () => {
    const api = new FakeQuantumlayerApi();
    api.posture = fixtures.postureNotConfigured;
    render(api);
    const panel = await screen.findByTestId('posture-not-configured');
    expect(panel).toHaveTextContent(
      'Kubernetes posture is not available: no cluster is configured',
    );
    expect(screen.queryByText(/^Error/)).not.toBeInTheDocument();
    // The checks still show.
    expect(screen.getByTestId('health-status-database')).toHaveTextContent(
      'ok',
    );
  });

  it('shows why the cluster could not be read', async () => {
    const api = new FakeQuantumlayerApi();
    api.posture = {
      ...fixtures.postureNotConfigured,
      kubernetes: {
        status: 'forbidden',
        message:
          'deployments.apps is forbidden for system:serviceaccount:ql:backstage',
      },
    };
    render(api);
    const panel = await screen.findByTestId('posture-forbidden');
    expect(panel).toHaveTextContent('The backend may not read the cluster');
    expect(panel).toHaveTextContent(
      'deployments.apps is forbidden for system:serviceaccount:ql:backstage',
    );
  });

  it("shows the backend's message when health cannot be read", async () => {
    const api = new FakeQuantumlayerApi();
    api.failures.getHealthDetails = serverError('health monitor crashed');
    api.failures.getPosture = serverError('kubernetes client failed', 502);
    render(api);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map(a => a.textContent)).toEqual([
      expect.stringContaining('health monitor crashed'),
      expect.stringContaining('Platform posture: kubernetes client failed'),
    ]);
  });
});
