import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import {
  FakeQuantumlayerApi,
  serverError,
} from '../../testing/FakeQuantumlayerApi';
import { RouterUsagePage } from './RouterUsagePage';

const render = (api: FakeQuantumlayerApi) =>
  renderInTestApp(<RouterUsagePage />, { apis: [[quantumlayerApiRef, api]] });

const barValue = (key: string) =>
  Number(screen.getByTestId(`usage-bar-${key}`).getAttribute('data-value'));
const barWidth = (key: string) =>
  Number(
    screen
      .getByTestId(`usage-bar-${key}`)
      .querySelector('rect')!
      .getAttribute('width'),
  );

describe('RouterUsagePage', () => {
  it('shows cost and tokens by model as a table and a bar chart', async () => {
    const api = new FakeQuantumlayerApi();
    render(api);

    expect(
      await screen.findByTestId('usage-row-gpt-4o-mini'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('usage-cost-gpt-4o-mini')).toHaveTextContent(
      '$0.5000',
    );
    expect(screen.getByTestId('usage-row-(none)')).toBeInTheDocument();
    expect(screen.getByText('5,000')).toBeInTheDocument(); // claude-haiku total tokens
    expect(
      screen.getByText('15 requests, 6,510 tokens, $0.7500'),
    ).toBeInTheDocument();

    const chart = screen.getByRole('img', { name: 'Cost (USD) by model' });
    expect(chart).toBeInTheDocument();
    expect(barValue('gpt-4o-mini')).toBe(0.5);
    expect(barValue('claude-haiku')).toBe(0.25);
    expect(barWidth('claude-haiku') / barWidth('gpt-4o-mini')).toBeCloseTo(0.5);
    expect(barWidth('(none)')).toBe(0);
    expect(api.callsOf('getUsage')).toEqual([
      [{ groupBy: 'model', from: undefined, to: undefined }],
    ]);
  });

  it('charts tokens when asked', async () => {
    const api = new FakeQuantumlayerApi();
    render(api);
    await screen.findByTestId('usage-chart');
    fireEvent.change(screen.getByTestId('usage-metric'), {
      target: { value: 'tokens' },
    });
    expect(
      screen.getByRole('img', { name: 'Tokens by model' }),
    ).toBeInTheDocument();
    expect(barValue('claude-haiku')).toBe(5000);
    expect(barValue('gpt-4o-mini')).toBe(1500);
    expect(api.callsOf('getUsage')).toHaveLength(1);
  });

  it('groups by another dimension over a day range', async () => {
    const api = new FakeQuantumlayerApi();
    render(api);
    await screen.findByTestId('usage-chart');

    fireEvent.change(screen.getByLabelText('Group by'), {
      target: { value: 'day' },
    });
    await waitFor(() =>
      expect(api.callsOf('getUsage')).toContainEqual([
        { groupBy: 'day', from: undefined, to: undefined },
      ]),
    );
    fireEvent.change(screen.getByTestId('usage-from'), {
      target: { value: '2026-11-01' },
    });
    await waitFor(() =>
      expect(api.callsOf('getUsage')).toContainEqual([
        { groupBy: 'day', from: '2026-11-01', to: undefined },
      ]),
    );
    expect(
      await screen.findByRole('img', { name: 'Cost (USD) by day' }),
    ).toBeInTheDocument();
  });

  it("shows the backend's message when the query is refused", async () => {
    const api = new FakeQuantumlayerApi();
    api.failures.getUsage = serverError(
      'invalid usage query: from: must be YYYY-MM-DD',
      400,
    );
    render(api);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'invalid usage query: from: must be YYYY-MM-DD',
    );
  });
});
