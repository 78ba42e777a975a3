import { QUANTUMLAYER_GROUP_KEY, QUANTUMLAYER_OWNER_KEY } from './shared';
import type { LlmBilling } from './shared';

/**
 * Who started a run and the group it is charged to, kept in the run's memo;
 * for a run started under an idempotency key, also the hash of its request.
 */
export type OwnerMemo = {
  owner?: string;
  group?: string;
  requestHash?: string;
};

export const ownerMemo = (
  billing: LlmBilling | undefined,
  requestHash: string | undefined,
): OwnerMemo => ({
  ...(billing?.caller ? { owner: billing.caller } : {}),
  ...(billing?.group ? { group: billing.group } : {}),
  ...(requestHash ? { requestHash } : {}),
});

/**
 * The same owner and group as search attributes, so the run list can
 * filter on them in Temporal's visibility query.
 */
export const ownerSearchAttributes = (billing: LlmBilling | undefined) => [
  ...(billing?.caller
    ? [{ key: QUANTUMLAYER_OWNER_KEY, value: billing.caller }]
    : []),
  ...(billing?.group
    ? [{ key: QUANTUMLAYER_GROUP_KEY, value: billing.group }]
    : []),
];
