import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
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
