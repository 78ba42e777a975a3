import type { ReviewFindingRecord } from './pipeline';

/**
 * Id of the offline template provider, the embedded default when no LLM
 * provider is configured. It cannot read prompts: it answers with a canned,
 * runnable project for the request's language and type.
 *
 * @public
 */
export const OFFLINE_TEMPLATE_PROVIDER = 'template';

/** What every surface says about a run the offline template answered. @public */
export const OFFLINE_TEMPLATE_WARNING =
  'offline template: your prompt was not implemented; configure a provider';

/**
 * Set on a run's result and its artifact manifest: `true` when the offline
 * template provider answered at least one of the run's agent calls, so the
 * files do not implement the prompt. Absent on runs recorded before the flag
 * existed; {@link isOfflineTemplateRun} reads those from `provider`.
 *
 * @public
 */
export interface OfflineTemplateFlag {
  offlineTemplate?: boolean;
}

/** Whether a run's result or manifest came (even in part) from the offline template. @public */
export function isOfflineTemplateRun(
  record: OfflineTemplateFlag & { provider?: string },
): boolean {
  return (
    record.offlineTemplate === true ||
    record.provider === OFFLINE_TEMPLATE_PROVIDER
  );
}

/** The review finding a run the offline template answered carries. @public */
export const OFFLINE_TEMPLATE_FINDING: ReviewFindingRecord = {
  severity: 'major',
  file: '',
  message: OFFLINE_TEMPLATE_WARNING,
  source: 'static',
  rule: 'offline-template',
};

/** `findings` with the offline-template finding first, added once. @public */
export function withOfflineTemplateFinding<T extends ReviewFindingRecord>(
  findings: T[],
): (T | ReviewFindingRecord)[] {
  return findings.some(f => f.rule === OFFLINE_TEMPLATE_FINDING.rule)
    ? findings
    : [OFFLINE_TEMPLATE_FINDING, ...findings];
}
