/** Dimensions `GET /v1/usage` groups by. @public */
export const USAGE_GROUPINGS = ['group', 'user', 'model', 'day'] as const;

/** @public */
export type UsageGrouping = (typeof USAGE_GROUPINGS)[number];

/** One row of a usage report; `key` is null for calls without that dimension. @public */
export interface UsageRow {
  key: string | null;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Answer of `GET /v1/usage`. @public */
export interface UsageReport {
  groupBy: UsageGrouping;
  rows: UsageRow[];
}
