/**
 * @jest-environment node
 */
/* eslint-disable no-restricted-imports -- the client talks to a real loopback server */
import http from 'http';
import type { AddressInfo } from 'net';
import { QuantumlayerApiError } from './QuantumlayerApi';
import { QuantumlayerClient } from './QuantumlayerClient';

type Seen = {
  method: string;
  url: string;
  contentType?: string;
  authorization?: string;
  body: string;
};
type Reply = {
  status: number;
  body: string | Buffer;
  contentType?: string;
};

describe('QuantumlayerClient', () => {
  let server: http.Server;
  let baseUrl: string;
  let seen: Seen[];
  let reply: (req: Seen) => Reply;

  const json = (status: number, body: unknown): Reply => ({
    status,
    body: JSON.stringify(body),
    contentType: 'application/json',
  });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const request: Seen = {
          method: req.method!,
          url: req.url!,
          contentType: req.headers['content-type'],
          authorization: req.headers.authorization,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        seen.push(request);
        const answer = reply(request);
        res.writeHead(answer.status, {
          'Content-Type': answer.contentType ?? 'text/plain',
        });
        res.end(answer.body);
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/quantumlayer`;
  });
  afterAll(async () => {
    await new Promise(r => server.close(r));
  });

  let client: QuantumlayerClient;
  beforeEach(() => {
    seen = [];
    reply = () => json(200, {});
    client = new QuantumlayerClient({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) => {
          expect(pluginId).toBe('quantumlayer');
          return baseUrl;
        },
      },
      // What Backstage's fetchApi does: add the signed-in user's token.
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: { ...init?.headers, Authorization: 'Bearer user-token' },
          }),
      },
    });
  });

  it('lists runs with a page size, status and page token', async () => {
    reply = () =>
      json(200, {
        items: [{ workflow_id: 'ql-1', status: 'running' }],
        next_page_token: 'abc',
      });
    const page = await client.listRuns();
    await client.listRuns({ status: 'failed', pageSize: 5, pageToken: 'a b' });
    expect(page.next_page_token).toBe('abc');
    expect(page.items[0].workflow_id).toBe('ql-1');
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/quantumlayer/v1/workflows?page_size=20',
      'GET /api/quantumlayer/v1/workflows?page_size=5&status=failed&page_token=a+b',
    ]);
    expect(seen[0].authorization).toBe('Bearer user-token');
  });

  it('reads one run, with its id encoded as one path segment', async () => {
    reply = () => json(200, { workflow_id: 'ql-a/b', status: 'completed' });
    const run = await client.getRun('ql-a/b');
    expect(run.status).toBe('completed');
    expect(seen[0]).toMatchObject({
      method: 'GET',
      url: '/api/quantumlayer/v1/workflows/ql-a%2Fb',
      body: '',
    });
  });

  it('cancels with a bodiless POST', async () => {
    reply = () => json(202, { workflow_id: 'ql-1', cancel_requested: true });
    await expect(client.cancelRun('ql-1')).resolves.toEqual({
      workflow_id: 'ql-1',
      cancel_requested: true,
    });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/quantumlayer/v1/workflows/ql-1/cancel',
      body: '',
    });
  });

  it('posts approval decisions as JSON, leaving out an empty reason', async () => {
    reply = req =>
      json(200, {
        workflow_id: 'ql-1',
        approval: {
          status:
            JSON.parse(req.body).decision === 'approve'
              ? 'approved'
              : 'rejected',
        },
      });
    const approved = await client.decideApproval('ql-1', {
      decision: 'approve',
      reason: '  reviewed  ',
    });
    await client.decideApproval('ql-1', { decision: 'reject', reason: '   ' });
    expect(approved.approval.status).toBe('approved');
    expect(seen.map(s => [s.method, s.url, s.contentType, s.body])).toEqual([
      [
        'POST',
        '/api/quantumlayer/v1/workflows/ql-1/approval',
        'application/json',
        '{"decision":"approve","reason":"reviewed"}',
      ],
      [
        'POST',
        '/api/quantumlayer/v1/workflows/ql-1/approval',
        'application/json',
        '{"decision":"reject"}',
      ],
    ]);
  });

  it('reads artifacts and downloads their files by path', async () => {
    reply = req =>
      req.url.includes('/files/')
        ? {
            status: 200,
            body: Buffer.from('print("hi")\n'),
            contentType: 'application/octet-stream',
          }
        : json(200, {
            id: 'art-1',
            workflow_id: 'ql-1',
            total_size: 12,
            manifest: {
              files: [{ path: 'src/my file.py', size: 12, sha256: 'x' }],
            },
          });
    const artifact = await client.getArtifact('art-1');
    expect(artifact.manifest.files[0].path).toBe('src/my file.py');
    expect(await client.getArtifactFileUrl('art-1', 'src/my file.py')).toBe(
      `${baseUrl}/v1/artifacts/art-1/files/src/my%20file.py`,
    );
    const blob = await client.downloadArtifactFile('art-1', 'src/my file.py');
    expect(await blob.text()).toBe('print("hi")\n');
    expect(seen.map(s => `${s.method} ${s.url} ${s.authorization}`)).toEqual([
      'GET /api/quantumlayer/v1/artifacts/art-1 Bearer user-token',
      'GET /api/quantumlayer/v1/artifacts/art-1/files/src/my%20file.py Bearer user-token',
    ]);
  });

  it('downloads blobs the pipeline record references from the blobs path', async () => {
    const key = 'ab'.repeat(32);
    reply = () => ({
      status: 200,
      body: '--- a/app.py\n+++ b/app.py\n',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(await client.getArtifactBlobUrl('art 1', key)).toBe(
      `${baseUrl}/v1/artifacts/art%201/blobs/${key}`,
    );
    const blob = await client.downloadArtifactBlob('art 1', key);
    expect(await blob.text()).toBe('--- a/app.py\n+++ b/app.py\n');
    expect(seen.map(s => `${s.method} ${s.url} ${s.authorization}`)).toEqual([
      `GET /api/quantumlayer/v1/artifacts/art%201/blobs/${key} Bearer user-token`,
    ]);

    reply = () =>
      json(404, {
        error: {
          name: 'NotFoundError',
          message: `artifact art-1 does not reference blob ${key}`,
        },
      });
    await expect(client.downloadArtifactBlob('art-1', key)).rejects.toEqual(
      expect.objectContaining({
        name: 'NotFoundError',
        status: 404,
        message: `artifact art-1 does not reference blob ${key}`,
      }),
    );
  });

  it('reads health, posture and usage', async () => {
    reply = req => {
      if (req.url === '/api/quantumlayer/health/details')
        return json(200, { status: 'ok', checkedAt: 't', checks: [] });
      if (req.url === '/api/quantumlayer/v1/platform/posture')
        return json(200, { kubernetes: { status: 'not-configured' } });
      return json(200, { groupBy: 'day', rows: [{ key: '2026-11-23' }] });
    };
    expect((await client.getHealthDetails()).status).toBe('ok');
    expect((await client.getPosture()).kubernetes.status).toBe(
      'not-configured',
    );
    const usage = await client.getUsage({
      groupBy: 'day',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    await client.getUsage({ groupBy: 'model' });
    expect(usage.rows[0].key).toBe('2026-11-23');
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/quantumlayer/health/details',
      'GET /api/quantumlayer/v1/platform/posture',
      'GET /api/quantumlayer/v1/usage?groupBy=day&from=2026-11-01&to=2026-11-30',
      'GET /api/quantumlayer/v1/usage?groupBy=model',
    ]);
  });

  it("maps the backend's {error: {name, message}} to the error", async () => {
    reply = () =>
      json(403, {
        error: {
          name: 'NotAllowedError',
          message: 'not allowed: quantumlayer.workflow.approve',
        },
        response: { statusCode: 403 },
      });
    const error = await client
      .decideApproval('ql-1', { decision: 'approve' })
      .catch(e => e);
    expect(error).toBeInstanceOf(QuantumlayerApiError);
    expect(error).toMatchObject({
      name: 'NotAllowedError',
      message: 'not allowed: quantumlayer.workflow.approve',
      status: 403,
    });

    reply = () =>
      json(409, {
        error: {
          name: 'ConflictError',
          message: 'workflow ql-1 is completed; there is nothing to approve',
        },
      });
    await expect(
      client.decideApproval('ql-1', { decision: 'reject' }),
    ).rejects.toMatchObject({
      status: 409,
      message: 'workflow ql-1 is completed; there is nothing to approve',
    });
  });

  it('names the request and status when the answer is not the JSON error shape', async () => {
    reply = () => ({ status: 502, body: 'upstream exploded' });
    await expect(client.getRun('ql-1')).rejects.toMatchObject({
      name: 'QuantumlayerApiError',
      status: 502,
      message:
        'GET /api/quantumlayer/v1/workflows/ql-1 failed with 502 Bad Gateway: upstream exploded',
    });

    reply = () =>
      json(404, {
        error: {
          name: 'NotFoundError',
          message: 'artifact art-1 has no file x.py',
        },
      });
    await expect(
      client.downloadArtifactFile('art-1', 'x.py'),
    ).rejects.toMatchObject({
      status: 404,
      message: 'artifact art-1 has no file x.py',
    });
  });
});
