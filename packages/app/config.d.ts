export interface Config {
  auth?: {
    providers?: {
      /**
       * The backend's development sign-in provider (packages/backend/config.d.ts
       * declares all its keys). The frontend reads only the users.
       */
      'dev-users'?: {
        /**
         * The users the sign-in page offers, one card each, as entity refs
         * (`user:default/alice`). Unset or empty: only the Guest card.
         * @visibility frontend
         */
        users?: string[];
      };
    };
  };
}
