import type {
  PostureRuleResult,
  PostureRuleStatus,
} from '@internal/backstage-plugin-quantumlayer-common';
import { failures, PlatformSnapshot, ResourceName } from '../platform-snapshot';

/** A posture rule's identity; the check itself is a pure function beside it. */
export interface RuleDefinition {
  id: string;
  title: string;
}

export function verdict(
  rule: RuleDefinition,
  status: PostureRuleStatus,
  object: string,
  message: string,
): PostureRuleResult {
  return { id: rule.id, title: rule.title, status, object, message };
}

/**
 * Why a rule cannot judge objects in these namespaces: the messages of the
 * lists it needs that could not be read (not installed, forbidden, failed).
 * Undefined when all were read.
 */
export function unreadable(
  snapshot: PlatformSnapshot,
  resources: ResourceName[],
  namespaces: string[],
): string | undefined {
  const messages = resources.flatMap(resource =>
    failures(snapshot, resource, namespaces).map(f => f.message),
  );
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

export const plural = (n: number, word: string) =>
  `${n} ${word}${n === 1 ? '' : 's'}`;
