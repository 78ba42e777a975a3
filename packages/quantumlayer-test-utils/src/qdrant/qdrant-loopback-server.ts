import http from 'http';
import type { AddressInfo } from 'net';
import collectionExists from './__fixtures__/qdrant/collection-exists.json';
import createCollection from './__fixtures__/qdrant/create-collection.json';
import updateCompleted from './__fixtures__/qdrant/update-completed.json';
import countPoints from './__fixtures__/qdrant/count-points.json';
import queryPoints from './__fixtures__/qdrant/query-points.json';
import notFound from './__fixtures__/qdrant/collection-not-found.json';
import alreadyExists from './__fixtures__/qdrant/collection-already-exists.json';
import dimensionError from './__fixtures__/qdrant/vector-dimension-error.json';
import type { RecordedCall } from '../loopback-server';

type Json = any;

interface StoredPoint {
  id: string;
  vector: number[];
  payload: Record<string, unknown>;
  version: number;
}

interface Collection {
  size: number;
  distance: string;
  indexes: Record<string, unknown>;
  points: Map<string, StoredPoint>;
}

/** A Qdrant imitation on 127.0.0.1 answering the REST calls QdrantVectorStore makes. */
export interface QdrantLoopback {
  /** `http://127.0.0.1:<port>` */
  url: string;
  calls: RecordedCall[];
  collections: Map<string, Collection>;
  /** The next answer to `METHOD /path-suffix` is this status and body instead. */
  override(key: string, status: number, body: unknown): void;
  close(): Promise<void>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** A documented answer with `result` replaced. */
function answer(fixture: Json, result: unknown) {
  return { ...clone(fixture), result };
}

/** A documented error with the collection name (and numbers) of this request. */
function failure(fixture: Json, replace: Array<[string | RegExp, string]>) {
  const body = clone(fixture);
  for (const [from, to] of replace)
    body.status.error = body.status.error.replace(from, to);
  return body;
}

function cosine(a: number[], b: number[]) {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i];
    na += x * x;
    nb += b[i] * b[i];
  });
  return dot / Math.sqrt(na * nb);
}

/** Qdrant's `must` with `match.value` and `is_null` conditions. */
function matches(payload: Record<string, unknown>, filter: Json): boolean {
  return (filter?.must ?? []).every((condition: Json) => {
    if (condition.is_null)
      return (payload[condition.is_null.key] ?? null) === null;
    return payload[condition.key] === condition.match.value;
  });
}

/**
 * Starts the imitation: collections live in memory, points are compared by
 * cosine, and every answer is one of the documented fixtures
 * (`src/vector/__fixtures__/qdrant/`) with its `result` filled in. With
 * `apiKey`, requests without that `api-key` header get 401.
 */
export async function startQdrantLoopback(
  options: { apiKey?: string } = {},
): Promise<QdrantLoopback> {
  const calls: RecordedCall[] = [];
  const collections = new Map<string, Collection>();
  const overrides = new Map<string, { status: number; body: unknown }>();
  let version = 0;

  const route = (
    method: string,
    path: string,
    body: Json,
  ): [number, unknown] => {
    const m = path.match(/^\/collections\/([^/]+)(\/.*)?$/);
    if (!m) return [404, { status: { error: `no route ${path}` } }];
    const name = decodeURIComponent(m[1]);
    const rest = m[2] ?? '';
    const key = `${method} ${rest || '/'}`;
    const forced = overrides.get(key);
    if (forced) {
      overrides.delete(key);
      return [forced.status, forced.body];
    }
    const collection = collections.get(name);
    const missing: [number, unknown] = [
      404,
      failure(notFound, [['test_collection', name]]),
    ];
    switch (key) {
      case 'GET /exists':
        return [200, answer(collectionExists, { exists: !!collection })];
      case 'PUT /':
        if (collection)
          return [409, failure(alreadyExists, [['test_collection', name]])];
        collections.set(name, {
          size: body.vectors.size,
          distance: body.vectors.distance,
          indexes: {},
          points: new Map(),
        });
        return [200, answer(createCollection, true)];
      case 'PUT /index':
        if (!collection) return missing;
        collection.indexes[body.field_name] = body.field_schema;
        return [
          200,
          answer(updateCompleted, {
            operation_id: ++version,
            status: 'completed',
          }),
        ];
      case 'PUT /points': {
        if (!collection) return missing;
        const wrong = body.points.find(
          (p: Json) => p.vector.length !== collection.size,
        );
        if (wrong) {
          return [
            400,
            failure(dimensionError, [
              [/expected dim: \d+/, `expected dim: ${collection.size}`],
              [/got \d+/, `got ${wrong.vector.length}`],
            ]),
          ];
        }
        version++;
        for (const p of body.points)
          collection.points.set(p.id, { ...p, version });
        return [
          200,
          answer(updateCompleted, {
            operation_id: version,
            status: 'completed',
          }),
        ];
      }
      case 'POST /points/query': {
        if (!collection) return missing;
        if (body.query.length !== collection.size) {
          return [
            400,
            failure(dimensionError, [
              [/expected dim: \d+/, `expected dim: ${collection.size}`],
              [/got \d+/, `got ${body.query.length}`],
            ]),
          ];
        }
        const points = [...collection.points.values()]
          .filter(p => matches(p.payload, body.filter))
          .map(p => ({
            ...queryPoints.result.points[0],
            id: p.id,
            version: p.version,
            score: cosine(body.query, p.vector),
            payload: body.with_payload ? p.payload : undefined,
          }))
          .filter(
            p =>
              Number.isFinite(p.score) &&
              (body.score_threshold === undefined ||
                p.score >= body.score_threshold),
          )
          .sort((a, b) => b.score - a.score)
          .slice(0, body.limit ?? 10);
        return [200, answer(queryPoints, { points })];
      }
      case 'POST /points/delete':
        if (!collection) return missing;
        body.points.forEach((id: string) => collection.points.delete(id));
        return [
          200,
          answer(updateCompleted, {
            operation_id: ++version,
            status: 'completed',
          }),
        ];
      case 'POST /points/count':
        if (!collection) return missing;
        return [
          200,
          answer(countPoints, {
            count: [...collection.points.values()].filter(p =>
              matches(p.payload, body?.filter),
            ).length,
          }),
        ];
      default:
        return [404, { status: { error: `no route ${method} ${path}` } }];
    }
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', part => parts.push(part));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const body = text ? JSON.parse(text) : undefined;
      calls.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body,
      });
      let status: number;
      let reply: unknown;
      if (options.apiKey && req.headers['api-key'] !== options.apiKey) {
        [status, reply] = [401, { status: { error: 'Invalid api-key' } }];
      } else {
        [status, reply] = route(req.method!, req.url!.split('?')[0], body);
      }
      const json = JSON.stringify(reply);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(json),
      });
      res.end(json);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    collections,
    override(key, status, body) {
      overrides.set(key, { status, body });
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Qdrant's recorded answers (`__fixtures__/qdrant/`), for tests that override one. */
export const qdrantFixtures = { queryPoints };
