export interface Config {
  quantumlayer?: {
    /** Settings of the `quantumlayer:generate` scaffolder action. */
    scaffolder?: {
      /** Largest single file written into the workspace. Default 1 MiB. */
      maxFileBytes?: number;
      /** Largest total written into the workspace. Default 10 MiB. */
      maxTotalBytes?: number;
      /** How often the action polls the run for stage changes. Default 100. */
      pollIntervalMs?: number;
      /** The action cancels the run after this long. Default 30. */
      timeoutMinutes?: number;
    };
  };
}
