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

/** A status and the message that explains it. */
export type Finding = [status: PostureRuleStatus, message: string];

/**
 * The verdict on one object that a rule checks through something it must
 * have (its autoscaler, disruption budget, DestinationRule): unknown when the
 * lists that thing comes from could not be read in the object's namespace, a
 * failure saying `missing` when it has none, otherwise what `judge` finds.
 */
export function judgeAttached<T>(
  rule: RuleDefinition,
  snapshot: PlatformSnapshot,
  subject: { namespace: string; object: string },
  attached: {
    resources: ResourceName[];
    found: T | undefined;
    missing: string;
    judge: (found: T) => Finding;
  },
): PostureRuleResult {
  const { object } = subject;
  const blocked = unreadable(snapshot, attached.resources, [subject.namespace]);
  if (blocked) {
    return verdict(rule, 'unknown', object, blocked);
  }
  if (!attached.found) {
    return verdict(rule, 'fail', object, attached.missing);
  }
  const [status, message] = attached.judge(attached.found);
  return verdict(rule, status, object, message);
}

export const plural = (n: number, word: string) =>
  `${n} ${word}${n === 1 ? '' : 's'}`;
