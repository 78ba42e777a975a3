import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import { principalRef } from './authorize';

const NO_AUDIT: AuditorServiceEvent = {
  success: async () => {},
  fail: async () => {},
};

/**
 * Opens an audit event for an operation. From a REST request the auditor
 * reads the actor off the request; an action has no request, so the event
 * says who asked (`actor`) and that it came through the actions registry
 * (`via: 'action'`). A no-op without an auditor.
 */
export async function openAudit(
  auditor: AuditorService | undefined,
  credentials: BackstageCredentials,
  request: Request | undefined,
  options: Omit<AuditorServiceCreateEventOptions, 'request'>,
): Promise<AuditorServiceEvent> {
  if (!auditor) return NO_AUDIT;
  if (request) return auditor.createEvent({ ...options, request });
  return auditor.createEvent({
    ...options,
    meta: {
      ...options.meta,
      actor: principalRef(credentials),
      via: 'action',
    },
  });
}
