import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import { BudgetExceededError } from './router-errors';
import { CallerClaims } from './caller-claims';
import { RemoteLlmRouter, RemoteRouterError } from './remote-llm-router';

const request = {
  model: 'default',
  messages: [{ role: 'user' as const, content: 'hi' }],
};

describe('RemoteLlmRouter against the router role wire', () => {
  const server = useLoopbackServer();
  const claims = new CallerClaims('remote-llm-router-test-secret-32-chars!');
  const remote = () =>
    new RemoteLlmRouter({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => `${server.url}/api/quantumlayer`,
      }),
      auth: mockServices.auth({ pluginId: 'quantumlayer' }),
      claims,
    });
  const completion = {
    text: 'hello',
    provider: 'template',
    model: 'm1',
    usage: { promptTokens: 3, completionTokens: 1 },
    finishReason: 'stop',
    route: {
      alias: 'default',
      provider: 'template',
      model: 'm1',
      attempts: [],
      costUsd: 0,
      cached: false,
      latencyMs: 1,
    },
  };

  it('sends the request and call context with a service token, and answers the routed completion', async () => {
    server.reply({ type: 'json', body: completion });
    const answer = await remote().complete(request, {
      caller: 'user:default/jane',
      workflowId: 'ql-1',
    });
    expect(answer).toEqual(completion);
    const [call] = server.calls;
    expect(call.path).toBe('/api/quantumlayer/v1/router/complete');
    expect(call.body).toEqual({
      request,
      context: { caller: 'user:default/jane', workflowId: 'ql-1' },
    });
    expect(call.headers.authorization).toMatch(/^Bearer mock-service-token/);
  });

  it("calls as the user, through Backstage's token exchange, when it has their credentials (finding 6)", async () => {
    server.reply({ type: 'json', body: completion });
    await remote().complete(request, {
      caller: 'user:default/jane',
      onBehalfOf: mockCredentials.user('user:default/jane'),
    });
    const [call] = server.calls;
    // getPluginRequestToken({ onBehalfOf: jane, targetPluginId: 'quantumlayer-router' })
    const token = call.headers.authorization!.replace(/^Bearer /, '');
    expect(
      await mockServices
        .auth({ pluginId: 'quantumlayer-router' })
        .authenticate(token),
    ).toMatchObject({
      principal: { type: 'user', userEntityRef: 'user:default/jane' },
    });
    // The credentials are never sent in the body.
    expect(call.body.context).toEqual({ caller: 'user:default/jane' });
  });

  it('vouches for a relayed service principal with a short signed claim (finding 6)', async () => {
    server.reply({ type: 'json', body: completion });
    await remote().complete(request, {
      caller: 'external:ci-bot',
      onBehalfOf: mockCredentials.service('external:ci-bot'),
    });
    const [call] = server.calls;
    expect(call.headers.authorization).toMatch(/^Bearer mock-service-token/);
    expect(call.body.context.onBehalfOf).toBeUndefined();
    expect(claims.verify(call.body.context.claim)).toEqual({
      claim: { caller: 'external:ci-bot' },
    });
  });

  it('throws a spent budget as the BudgetExceededError the local router would have thrown', async () => {
    server.reply({
      type: 'json',
      status: 429,
      body: {
        error: {
          name: 'BudgetExceededError',
          message: 'daily budget of group:default/team-a is spent: …',
          type: 'budget_exceeded',
          owner: 'group:default/team-a',
          resetsAt: '2026-11-24T00:00:00.000Z',
        },
      },
    });
    const error = await remote()
      .complete(request)
      .catch(e => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({
      owner: 'group:default/team-a',
      resetsAt: new Date('2026-11-24T00:00:00.000Z'),
      message: 'daily budget of group:default/team-a is spent: …',
    });
  });

  it('names the router and keeps the status of other refusals, and of an unreachable router', async () => {
    server.reply({
      type: 'json',
      status: 400,
      body: {
        error: {
          message: 'invalid router call: request.messages: Required',
          type: 'invalid_request_error',
        },
      },
    });
    const refused = await remote()
      .complete(request)
      .catch(e => e);
    expect(refused).toBeInstanceOf(RemoteRouterError);
    expect(refused).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
    });
    expect(refused.message).toBe(
      `LLM router at ${server.url}/api/quantumlayer: invalid router call: request.messages: Required`,
    );
    server.reply({ type: 'reset' });
    const unreachable = await remote()
      .complete(request)
      .catch(e => e);
    expect(unreachable).toMatchObject({ status: 503, type: 'unreachable' });
    expect(unreachable.message).toMatch(/^LLM router at .* is unreachable: /);
  });
});
