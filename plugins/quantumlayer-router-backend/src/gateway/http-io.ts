import type { IncomingMessage, ServerResponse } from 'http';
import { InputError } from '@backstage/errors';

/** Writes a JSON answer with plain node APIs (express and the gateway listener share it). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads and parses a JSON body of at most `limit` bytes; InputError otherwise. */
export function readJsonBody(
  req: IncomingMessage,
  limit: number,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new InputError(`request body is larger than ${limit} bytes`));
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > limit) {
        req.destroy();
        reject(new InputError(`request body is larger than ${limit} bytes`));
        return;
      }
      parts.push(part);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(
          size ? JSON.parse(Buffer.concat(parts).toString('utf8')) : undefined,
        );
      } catch (error) {
        reject(
          new InputError(
            `request body is not valid JSON: ${(error as Error).message}`,
          ),
        );
      }
    });
  });
}
