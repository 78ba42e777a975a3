import { z } from 'zod';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import type { KubeClient } from './kube-client';
import { classifyKubeError, KubeRequestDescription } from './kube-errors';
import type { ListOutcome } from './platform-snapshot';

export interface ReadContext {
  client: KubeClient;
  timeoutMs: number;
  /** Items per list request (`limit`); the rest follow by `continue` token. */
  pageSize: number;
}

/** One page's request: `limit` and the previous page's `continue` token. */
export interface ListPage {
  limit: number;
  _continue?: string;
}

/** A list page as client-node returns it (`metadata.continue` is `_continue`). */
interface PageBody<T> {
  items?: T[];
  metadata?: { _continue?: string };
}

/** A bound on pages per list, so a server that always continues cannot hold the page. */
const MAX_PAGES = 1000;

/**
 * Runs one list, page by page (`limit`, then each `continue` token until the
 * server gives none); a failure becomes an outcome, never a throw.
 */
export async function readList<T>(
  request: KubeRequestDescription,
  ctx: ReadContext,
  call: (page: ListPage) => Promise<PageBody<T>>,
): Promise<ListOutcome<T>> {
  try {
    const items: T[] = [];
    let token: string | undefined;
    for (let pages = 0; ; pages++) {
      if (pages === MAX_PAGES) {
        throw new Error(
          `${request.resource} in ${request.namespace} did not end after ${MAX_PAGES} pages of ${ctx.pageSize}; raise quantumlayer.kubernetes.pageSize`,
        );
      }
      const list = await call({ limit: ctx.pageSize, _continue: token });
      items.push(...(list.items ?? []));
      token = list.metadata?._continue || undefined;
      if (!token) break;
    }
    return { state: 'ok', items };
  } catch (error) {
    const failure = classifyKubeError(error, request, {
      server: ctx.client.server,
      timeoutMs: ctx.timeoutMs,
    });
    return { state: failure.kind, items: [], message: failure.message };
  }
}

/** Runs named reads in parallel; their outcomes under the same names. */
export async function readAll<T extends Record<string, Promise<unknown>>>(
  reads: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const names = Object.keys(reads);
  const outcomes = await Promise.all(Object.values(reads));
  return Object.fromEntries(names.map((name, i) => [name, outcomes[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/**
 * Lists a custom resource through CustomObjectsApi, trying each version in
 * turn while the previous one is not served (Istio: v1, then v1beta1), and
 * checks the items against `schema`.
 */
export async function readCustomList<T>(
  ctx: ReadContext,
  target: { group: string; versions: string[]; plural: string },
  namespace: string,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
): Promise<ListOutcome<T>> {
  const resource = `${target.plural}.${target.group}`;
  const list = z.object({
    items: z.array(schema),
    metadata: z.object({ continue: z.string().optional() }).optional(),
  });
  for (const version of target.versions) {
    const outcome = await readList<T>(
      { verb: 'list', resource, namespace },
      ctx,
      async page => {
        const body = await ctx.client.custom.listNamespacedCustomObject({
          group: target.group,
          version,
          namespace,
          plural: target.plural,
          ...page,
        });
        const parsed = list.safeParse(body);
        if (!parsed.success) {
          throw new Error(
            `unexpected ${resource}/${version} list: ${describeIssues(
              parsed.error,
            )}`,
          );
        }
        return {
          items: parsed.data.items,
          metadata: { _continue: parsed.data.metadata?.continue },
        };
      },
    );
    if (outcome.state !== 'not-installed') {
      return outcome;
    }
  }
  return {
    state: 'not-installed',
    items: [],
    message: `${resource} is not served (tried ${target.versions
      .map(v => `${target.group}/${v}`)
      .join(', ')}): its CRD is not installed`,
  };
}

/** A reader of one custom resource, for any namespace. */
export function customReader<T>(
  target: { group: string; versions: string[]; plural: string },
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
) {
  return (ctx: ReadContext, namespace: string) =>
    readCustomList(ctx, target, namespace, schema);
}
