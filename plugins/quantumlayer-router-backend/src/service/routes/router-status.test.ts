import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  GatewayTestBackend,
  startGatewayTestBackend,
} from '../../__testUtils__/gateway-test-backend';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';

jest.setTimeout(60_000);

let gateway: GatewayTestBackend;
let backend: GatewayTestBackend['backend'];
let upstream: GatewayTestBackend['upstream'];
let openai: GatewayTestBackend['openai'];

beforeAll(async () => {
  gateway = await startGatewayTestBackend();
  ({ backend, upstream, openai } = gateway);
});

afterAll(() => gateway?.stop());

beforeEach(() => {
  upstream.reply({ type: 'json', body: textAnswer });
});

describe('router status and usage', () => {
  it('shows providers with their circuit state', async () => {
    const res = await request(backend.server)
      .get('/api/quantumlayer-router/v1/router/providers')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.breakerScope).toBe('local');
    expect(res.body.providers[0]).toMatchObject({
      id: 'local',
      models: ['m1'],
      embeddingModels: ['e1'],
      streaming: true,
      targets: [
        { model: 'm1', circuit: 'closed' },
        { model: 'e1', circuit: 'closed' },
      ],
    });
  });

  it('reports usage by user and by the catalog group of the caller', async () => {
    await openai().chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'count me' }],
    });
    const byGroup = await request(backend.server)
      .get('/api/quantumlayer-router/v1/usage?groupBy=group')
      .set('Authorization', mockCredentials.user.header());
    expect(byGroup.status).toBe(200);
    const team = byGroup.body.rows.find(
      (r: any) => r.key === 'group:default/team-a',
    );
    expect(team.requests).toBeGreaterThanOrEqual(1);
    expect(team.promptTokens).toBeGreaterThan(0);
    const bad = await request(backend.server)
      .get('/api/quantumlayer-router/v1/usage?groupBy=planet')
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('groupBy');
  });
});
