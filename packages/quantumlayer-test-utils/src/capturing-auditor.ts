import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

type JsonObject = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/** One audit event as the plugin reported it, with its outcome. */
export interface CapturedAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta: JsonObject;
  outcome?: 'success' | 'fail';
  /** Meta added by success() or fail(). */
  outcomeMeta?: JsonObject;
  error?: string;
}

/**
 * An auditor that keeps every event with its opening meta and its outcome,
 * so tests can assert what an event holds (and what it must not).
 */
export function capturingAuditor() {
  const events: CapturedAuditEvent[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: CapturedAuditEvent = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta ?? {},
      };
      events.push(event);
      return {
        async success(outcome) {
          event.outcome = 'success';
          event.outcomeMeta = outcome?.meta;
        },
        async fail(outcome) {
          event.outcome = 'fail';
          event.outcomeMeta = outcome.meta;
          event.error = outcome.error.message;
        },
      };
    },
  };
  return {
    events,
    factory: createServiceFactory({
      service: coreServices.auditor,
      deps: {},
      factory: () => auditor,
    }),
  };
}
