export interface Config {
  quantumlayer?: {
    /**
     * The shipped permission policy
     * (`@internal/backstage-plugin-permission-backend-module-quantumlayer`).
     * Group refs are matched against the user's ownership refs, which the
     * sign-in resolver takes from the catalog's memberships.
     */
    permissions?: {
      /**
       * Groups whose members may do everything in the portal: manage LLM
       * budgets, read everyone's usage and runs, delete catalog entities,
       * use the Kubernetes proxy. Approving stays four-eyes for them too.
       * Default: none (budgets then change only in config or with a
       * service token).
       */
      adminGroups?: string[];
      /**
       * Groups whose members may approve any run's gate, except a run they
       * started themselves. Members of a run's owning group may approve it
       * (but their own) without being listed. Default: none.
       */
      approverGroups?: string[];
    };
  };
}
