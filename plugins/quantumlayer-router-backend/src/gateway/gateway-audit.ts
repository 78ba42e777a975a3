import type {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  LlmUsage,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { GatewayCaller } from './gateway-callers';
import type { GatewayFailure } from './gateway-errors';
import { offPath } from '@internal/backstage-plugin-quantumlayer-node';

/** What an `llm-call` event says about a call before it is routed. */
export interface LlmCallStart {
  /** e.g. `chat.completions`, `messages`, `embeddings`. */
  endpoint: string;
  /** The model alias the caller named. */
  alias: string;
  stream: boolean;
}

/**
 * Finishes one `llm-call` audit event; a no-op without an auditor. Neither
 * call rejects: an auditor failure is logged, never the caller's answer.
 */
export interface LlmCallAudit {
  /** Embeddings have prompt tokens only. */
  succeeded(
    route: RouteInfo,
    usage: (Pick<LlmUsage, 'promptTokens'> & Partial<LlmUsage>) | undefined,
  ): Promise<void>;
  failed(failure: GatewayFailure): Promise<void>;
}

const NO_AUDIT: LlmCallAudit = {
  succeeded: async () => {},
  failed: async () => {},
};

/**
 * Opens the `llm-call` audit event (severity low) of one gateway call:
 * the principal, the alias, and at the end the provider, model, tokens,
 * cost and status. Only these fields are recorded: never the prompt, the
 * completion or any key.
 *
 * Off the call's path ({@link offPath}): the event opens while the call
 * waits for its provider, and the outcome is logged once the answer is
 * written, so the auditor's work (the default one passes each event
 * through the logger's formats) adds nothing to the caller's latency.
 * Events stay in order: the outcome is logged after the opening.
 */
export function auditLlmCall(
  auditor: AuditorService | undefined,
  caller: Pick<GatewayCaller, 'ref' | 'kind' | 'group'>,
  start: LlmCallStart,
  logger?: LoggerService,
): LlmCallAudit {
  if (!auditor) return NO_AUDIT;
  const report = (error: unknown) =>
    logger?.error(
      `llm-call audit event for ${caller.ref} was not recorded: ${
        (error as Error)?.message ?? error
      }`,
    );
  const open = async (): Promise<AuditorServiceEvent | undefined> => {
    try {
      return await auditor.createEvent({
        eventId: 'llm-call',
        severityLevel: 'low',
        meta: {
          principal: caller.ref,
          principalType: caller.kind,
          ...(caller.group ? { group: caller.group } : {}),
          endpoint: start.endpoint,
          alias: start.alias,
          stream: start.stream,
        },
      });
    } catch (error) {
      report(error);
      return undefined;
    }
  };
  const opened = new Promise<AuditorServiceEvent | undefined>(resolve =>
    offPath(() => resolve(open())),
  );
  // The first outcome counts: a stream may end and lose its client at once.
  let settled = false;
  const once =
    <A extends unknown[]>(
      finish: (event: AuditorServiceEvent, ...args: A) => Promise<void>,
    ) =>
    async (...args: A) => {
      if (settled) return;
      settled = true;
      const event = await opened;
      if (!event) return;
      await new Promise<void>(resolve =>
        offPath(() =>
          resolve(
            Promise.resolve()
              .then(() => finish(event, ...args))
              .catch(report),
          ),
        ),
      );
    };
  return {
    succeeded: once(
      (event, route: RouteInfo, usage: Partial<LlmUsage> | undefined) =>
        event.success({
          meta: {
            status: 200,
            provider: route.provider,
            model: route.model,
            cached: route.cached,
            promptTokens: usage?.promptTokens ?? 0,
            completionTokens: usage?.completionTokens ?? 0,
            costUsd: route.costUsd,
            attempts: route.attempts.length,
          },
        }),
    ),
    failed: once((event, failure: GatewayFailure) =>
      event.fail({
        // The classified message the caller also got: no request text.
        error: Object.assign(new Error(failure.message), {
          name: failure.type,
        }),
        meta: { status: failure.status, errorType: failure.type },
      }),
    ),
  };
}
