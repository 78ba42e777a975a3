import request from 'supertest';
import { seedRequest } from './__testUtils__/activities';
import { api, usePluginBackend, user } from './__testUtils__/plugin-backend';

jest.setTimeout(120_000);

describe('workflow REST API input errors', () => {
  const plugin = usePluginBackend();

  it.each([
    [
      { ...seedRequest, language: 'cobol++' },
      'language: language "cobol++" is not supported; use one of python, typescript, javascript, go',
    ],
    [
      { ...seedRequest, type: 'daemon' },
      'type: type "daemon" is not supported',
    ],
    [{ ...seedRequest, prompt: '   ' }, 'prompt: prompt must not be empty'],
    [
      { ...seedRequest, prompt: 'x'.repeat(64 * 1024 + 1) },
      'prompt: prompt must be at most 65536 bytes',
    ],
    [
      { ...seedRequest, requirements: {} },
      'requirements.project_name: Required',
    ],
    [{ ...seedRequest, extra: 1 }, "Unrecognized key(s) in object: 'extra'"],
  ])(
    'rejects bad input with 400 naming the field (%#)',
    async (body, message) => {
      const res = await request(plugin.server)
        .post(`${api}/v1/workflows/generate-extended`)
        .set('Authorization', user)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    },
  );

  it('rejects malformed JSON with 400', async () => {
    const res = await request(plugin.server)
      .post(`${api}/v1/workflows/generate-extended`)
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send('{"prompt": ');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('request body is not valid JSON');
  });

  it('answers 404 for unknown workflows and artifacts', async () => {
    for (const path of [
      '/v1/workflows/ql-nope',
      '/v1/artifacts/art-nope',
      '/v1/artifacts/art-nope/files/a.py',
    ]) {
      const res = await request(plugin.server)
        .get(`${api}${path}`)
        .set('Authorization', user);
      expect(res.status).toBe(404);
    }
    const cancel = await request(plugin.server)
      .post(`${api}/v1/workflows/ql-nope/cancel`)
      .set('Authorization', user);
    expect(cancel.status).toBe(404);
  });

  it('answers 404 for the approval of an unknown run', async () => {
    const res = await request(plugin.server)
      .post(`${api}/v1/workflows/ql-nope/approval`)
      .set('Authorization', user)
      .send({ decision: 'approve' });
    expect(res.status).toBe(404);
  });

  it('rejects an unknown status filter with 400', async () => {
    const res = await request(plugin.server)
      .get(`${api}/v1/workflows?status=sleeping`)
      .set('Authorization', user);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'status must be one of running, completed',
    );
  });
});
