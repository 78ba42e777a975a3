/** What a workflow id may hold (`ql-<uuid>` or `ql-<idempotency key>.<principal tag>`). */
export const WORKFLOW_ID = /^[A-Za-z0-9._:-]{1,256}$/;
