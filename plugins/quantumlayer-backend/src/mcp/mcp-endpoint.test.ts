import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
  metricsServiceFactory,
  tracingServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { MAX_PROMPT_BYTES } from '@internal/backstage-plugin-quantumlayer-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AddressInfo } from 'net';
import { seedRequest } from '../__testUtils__/activities';
import { catalogWithMockUser } from '@internal/quantumlayer-test-utils';
import { createTemporalEnv } from '../__testUtils__/temporal';
import { quantumlayerPlugin } from '../plugin';
import { workflowIdFor } from '../service/operations/workflow-operations';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';
import { offlineTemplateStandIn } from '../__testUtils__/offline-template';

jest.setTimeout(180_000);

/** Refused every QuantumLayer permission by the test policy. */
const OUTSIDER = 'user:default/outsider';

/** The test policy: everything for everyone but OUTSIDER. */
const decide = (
  requests: unknown[],
  options?: { credentials: { principal: unknown } },
) =>
  requests.map(() => ({
    result:
      (options?.credentials.principal as { userEntityRef?: string })
        ?.userEntityRef === OUTSIDER
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  })) as any;

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text: string }>;
  structuredContent?: Record<string, any>;
};

describe('QuantumLayer over MCP (the mcp-actions plugin and the official MCP client)', () => {
  let env: TestWorkflowEnvironment;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let endpoint: URL;
  const clients: Client[] = [];

  /** An MCP client on the QuantumLayer server, as `user`. */
  async function connect(user = 'user:default/mock') {
    const client = new Client({ name: 'quantumlayer-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(endpoint, {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      }),
    );
    clients.push(client);
    return client;
  }

  /** Calls a tool; the answer's JSON (structured content, else its text). */
  async function call(client: Client, name: string, args: object) {
    const result = (await client.callTool({
      name: `quantumlayer.${name}`,
      arguments: args as Record<string, unknown>,
    })) as ToolResult;
    const text = result.content.map(c => c.text).join('');
    return {
      isError: result.isError ?? false,
      text,
      json: result.isError
        ? undefined
        : result.structuredContent ?? JSON.parse(text),
    };
  }

  beforeAll(async () => {
    env = await createTemporalEnv();
    backend = await startTestBackend({
      features: [
        quantumlayerPlugin,
        quantumlayerRouterFeatures,
        offlineTemplateStandIn,
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        metricsServiceFactory,
        tracingServiceFactory,
        catalogWithMockUser('codegen'),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.mock({
          authorize: async (requests, options) => decide(requests, options),
          authorizeConditional: async (requests, options) =>
            decide(requests, options),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              actions: {
                pluginSources: ['quantumlayer', 'quantumlayer-router'],
              },
            },
            mcpActions: {
              servers: {
                quantumlayer: {
                  name: 'QuantumLayer',
                  filter: {
                    include: [
                      { id: 'quantumlayer:*' },
                      { id: 'quantumlayer-router:*' },
                    ],
                  },
                },
              },
            },
            quantumlayer: {
              temporal: {
                address: env.address,
                taskQueue: 'mcp-test',
                uiUrl: 'http://ui.test',
              },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    endpoint = new URL(
      `http://127.0.0.1:${port}/api/mcp-actions/v1/quantumlayer`,
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await backend?.stop();
    await env?.teardown();
  });

  it('lists the QuantumLayer tools with their schemas and hints', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const byName = new Map(tools.map(t => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual([
      'quantumlayer-router.chat-completion',
      'quantumlayer.approve-workflow',
      'quantumlayer.cancel-workflow',
      'quantumlayer.generate-code',
      'quantumlayer.get-artifact',
      'quantumlayer.get-workflow',
      'quantumlayer.list-workflows',
      'quantumlayer.platform-health',
    ]);
    const generate = byName.get('quantumlayer.generate-code')!;
    expect(generate.description).toMatch(/workflow/i);
    expect(Object.keys(generate.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['prompt', 'language', 'type', 'requirements']),
    );
    expect(byName.get('quantumlayer.get-workflow')!.annotations).toMatchObject({
      readOnlyHint: true,
    });
    expect(
      byName.get('quantumlayer.cancel-workflow')!.annotations,
    ).toMatchObject({ destructiveHint: true });
  });

  it('takes a generation from request to a downloaded file', async () => {
    const client = await connect();
    const started = await call(client, 'generate-code', {
      ...seedRequest,
      idempotencyKey: 'mcp-e2e-1',
    });
    expect(started.isError).toBe(false);
    const workflowId = started.json!.workflowId;
    expect(workflowId).toBe(workflowIdFor('mcp-e2e-1', 'user:default/mock'));

    // Same key, same run: a retried tool call starts nothing new.
    const again = await call(client, 'generate-code', {
      ...seedRequest,
      idempotencyKey: 'mcp-e2e-1',
    });
    expect(again.json).toMatchObject({
      workflowId,
      runId: started.json!.runId,
    });

    let run = (await call(client, 'get-workflow', {
      workflowId,
      waitSeconds: 30,
    }))!.json!;
    for (let i = 0; run.status === 'running' && i < 10; i++) {
      run = (await call(client, 'get-workflow', {
        workflowId,
        waitSeconds: 30,
      }))!.json!;
    }
    expect(run.status).toBe('completed');
    const artifactId = run.result.artifactId;

    const artifact = await call(client, 'get-artifact', { artifactId });
    const paths = artifact.json!.files.map((f: { path: string }) => f.path);
    expect(paths).toContain('README.md');
    const readme = await call(client, 'get-artifact', {
      artifactId,
      path: 'README.md',
    });
    expect(readme.json!.file.content).toMatch(/^# TestProject/);
  });

  it('answers bad input as tool errors, not crashes', async () => {
    const client = await connect();
    const unknownField = await call(client, 'generate-code', {
      ...seedRequest,
      shell: 'rm -rf /',
    });
    expect(unknownField).toMatchObject({ isError: true });
    expect(unknownField.text).toMatch(/shell/);
    const longPrompt = await call(client, 'generate-code', {
      ...seedRequest,
      prompt: 'x'.repeat(MAX_PROMPT_BYTES + 1),
    });
    expect(longPrompt).toMatchObject({ isError: true });
    expect(longPrompt.text).toMatch(/prompt/);
    const traversal = await call(client, 'get-artifact', {
      artifactId: 'a'.repeat(64),
      path: '../../etc/passwd',
    });
    expect(traversal).toMatchObject({ isError: true });
    expect(traversal.text).toMatch(/path/);
    // The server is still serving after them.
    const health = await call(client, 'platform-health', {});
    expect(health.isError).toBe(false);
  });

  it('refuses a user without permission', async () => {
    const client = await connect(OUTSIDER);
    const refused = await call(client, 'generate-code', {
      ...seedRequest,
      idempotencyKey: 'mcp-outsider',
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/NotAllowedError/);
    expect(refused.text).toMatch(/quantumlayer\.workflow\.create/);
  });
});
