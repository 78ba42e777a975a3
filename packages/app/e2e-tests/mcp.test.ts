import { expect, test } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * The running portal as an MCP server (plugin mcp-actions, server
 * `quantumlayer` in app-config.yaml), driven by the official MCP client with
 * a real Backstage user token: the guest user's, as a browser gets it.
 */
test.describe.serial('QuantumLayer for MCP clients', () => {
  let client: Client;

  test.beforeAll(async ({ request, baseURL }) => {
    const refresh = await request.get(
      '/api/auth/guest/refresh?env=development',
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    expect(refresh.ok()).toBe(true);
    const token = (await refresh.json()).backstageIdentity.token;
    client = new Client({ name: 'quantumlayer-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL('/api/mcp-actions/v1/quantumlayer', baseURL),
        { requestInit: { headers: { Authorization: `Bearer ${token}` } } },
      ),
    );
  });

  test.afterAll(async () => {
    await client?.close();
  });

  /** A tool's JSON answer; fails the test on a tool error. */
  async function call(name: string, args: Record<string, unknown>) {
    const result = (await client.callTool({
      name: `quantumlayer.${name}`,
      arguments: args,
    })) as { isError?: boolean; content: Array<{ text: string }> };
    const text = result.content.map(c => c.text).join('');
    expect(result.isError ?? false, text).toBe(false);
    return JSON.parse(text);
  }

  test('lists the QuantumLayer tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name)).toEqual(
      expect.arrayContaining([
        'quantumlayer.generate-code',
        'quantumlayer.get-workflow',
        'quantumlayer.get-artifact',
        'quantumlayer.platform-health',
      ]),
    );
  });

  test('takes a generation from request to a downloaded file', async () => {
    const started = await call('generate-code', {
      prompt: 'A function that reverses the words of a sentence',
      language: 'python',
      type: 'function',
      generate_tests: true,
      requirements: { project_name: 'McpReverser' },
      idempotencyKey: `e2e-mcp-${Date.now()}`,
    });
    let run = await call('get-workflow', {
      workflowId: started.workflowId,
      waitSeconds: 30,
    });
    for (let i = 0; run.status === 'running' && i < 10; i++) {
      run = await call('get-workflow', {
        workflowId: started.workflowId,
        waitSeconds: 30,
      });
    }
    expect(run.status).toBe('completed');
    const readme = await call('get-artifact', {
      artifactId: run.result.artifactId,
      path: 'README.md',
    });
    expect(readme.file.content).toMatch(/^# McpReverser/);
  });
});
