export interface Config {
  quantumlayer?: {
    /** Settings of the `quantumlayer:generate` scaffolder action. */
    scaffolder?: {
      /** Largest single file written into the workspace. Default 1 MiB. */
      maxFileBytes?: number;
      /** Largest total written into the workspace. Default 10 MiB. */
      maxTotalBytes?: number;
      /**
       * Longest one long-poll of the run waits (`GET /v1/workflows/:id?wait_ms=`,
       * at most 30000): the action learns of the run's end at once and logs
       * stages at most this late. Default 2000.
       */
      longPollMs?: number;
      /**
       * Shortest gap between two requests for the run, for a backend that
       * answers a long-poll at once. Default 100.
       */
      pollIntervalMs?: number;
      /** The action cancels the run after this long. Default 30. */
      timeoutMinutes?: number;
    };
  };
}
