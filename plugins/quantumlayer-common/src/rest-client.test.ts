import http from 'http';
import type { AddressInfo } from 'net';
import { QuantumlayerRestClient } from './rest-client';

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('QuantumlayerRestClient against a real loopback server', () => {
  let seen: Seen[] = [];
  let answer: { status: number; body: string } = { status: 200, body: '{}' };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  let client: QuantumlayerRestClient;
  const errors: Array<[string, string, string]> = [];

  beforeAll(async () => {
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/quantumlayer`;
    client = new QuantumlayerRestClient({
      baseUrl: async () => base,
      fetch: (url, init) =>
        fetch(url, {
          ...init,
          headers: { ...(init.headers as object), authorization: 'Bearer t' },
        }),
      toError: async (response, method, path, url) => {
        errors.push([method, path, url.replace(base, '<base>')]);
        return new Error(`${response.status}: ${await response.text()}`);
      },
    });
  });
  beforeEach(() => {
    seen = [];
    answer = { status: 200, body: '{}' };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('starts a run with its body, idempotency key and the injected auth', async () => {
    answer.body = '{"workflow_id":"ql-k","run_id":"r1"}';
    const started = await client.startWorkflow(
      {
        prompt: 'p',
        language: 'python',
        type: 'function',
        requirements: { project_name: 'P' },
      },
      { idempotencyKey: 'k' },
    );
    expect(started).toEqual({ workflow_id: 'ql-k', run_id: 'r1' });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/quantumlayer/v1/workflows/generate-extended',
      headers: {
        authorization: 'Bearer t',
        'content-type': 'application/json',
        'idempotency-key': 'k',
      },
    });
    expect(JSON.parse(seen[0].body).requirements).toEqual({
      project_name: 'P',
    });
  });

  it('lists with every filter, follows a run by long-poll and trims an approval reason', async () => {
    answer.body = '{"items":[],"next_page_token":null}';
    await client.listWorkflows({
      status: 'running',
      owner: 'user:default/jane',
      pageSize: 5,
      pageToken: 'next',
    });
    await client.getWorkflow('ql 1', { waitMs: 1500.4 });
    await client.decideApproval('ql-1', {
      decision: 'reject',
      reason: '  no ',
    });
    await client.decideApproval('ql-1', { decision: 'approve', reason: ' ' });
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/quantumlayer/v1/workflows?page_size=5&status=running&owner=user%3Adefault%2Fjane&page_token=next',
      'GET /api/quantumlayer/v1/workflows/ql%201?wait_ms=1500',
      'POST /api/quantumlayer/v1/workflows/ql-1/approval',
      'POST /api/quantumlayer/v1/workflows/ql-1/approval',
    ]);
    expect(JSON.parse(seen[2].body)).toEqual({
      decision: 'reject',
      reason: 'no',
    });
    expect(JSON.parse(seen[3].body)).toEqual({ decision: 'approve' });
  });

  it('encodes artifact file paths segment by segment and hands the answer back', async () => {
    answer.body = 'print("hi")';
    const response = await client.artifactFile('a1', 'src/my file.py');
    expect(await response.text()).toBe('print("hi")');
    expect(seen[0].url).toBe(
      '/api/quantumlayer/v1/artifacts/a1/files/src/my%20file.py',
    );
    expect(await client.artifactBlobUrl('a1', 'abc')).toMatch(
      /\/api\/quantumlayer\/v1\/artifacts\/a1\/blobs\/abc$/,
    );
  });

  it('throws the injected error with the API path and the URL, without the query', async () => {
    answer = { status: 404, body: '{"error":{"message":"no such run"}}' };
    await expect(client.getWorkflow('ql-9', { waitMs: 100 })).rejects.toThrow(
      '404: {"error":{"message":"no such run"}}',
    );
    expect(errors.pop()).toEqual([
      'GET',
      '/v1/workflows/ql-9',
      '<base>/v1/workflows/ql-9',
    ]);
  });
});
