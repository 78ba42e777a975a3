/**
 * Runs `work` after the event loop's current I/O, in the check phase: by
 * then the answer the caller waits for has been written to its socket. For
 * a call's bookkeeping (audit events, metrics, the ledger row, ending its
 * span): done every time, but never before the caller's bytes leave.
 * `work` must handle its own failures; a throw here is reported, not lost.
 *
 * @public
 */
export function offPath(work: () => void): void {
  setImmediate(runReported, work);
}

function runReported(work: () => void) {
  try {
    work();
  } catch (error) {
    process.emitWarning(
      `quantumlayer bookkeeping failed: ${(error as Error)?.message ?? error}`,
    );
  }
}
