export interface Config {
  auth?: {
    providers?: {
      /**
       * Development sign-in as catalog users, for trying the permission
       * policy as different people (src/devUsersProvider). A request to
       * /api/auth/dev-users/refresh with the header
       * `x-quantumlayer-dev-user: alice` signs in as user:default/alice if it
       * is listed in `users`. Works only with NODE_ENV=development, like the
       * guest provider.
       */
      'dev-users'?: {
        /**
         * The users one may sign in as, as entity refs
         * (`user:default/alice`); each must exist in the catalog. The sign-in
         * page shows one card per user (packages/app/config.d.ts declares the
         * same key for the frontend). Empty or unset: nobody.
         * @visibility frontend
         */
        users?: string[];
        /**
         * Let the provider work when NODE_ENV is not `development`. Anyone
         * who can reach the backend can then sign in as any listed user:
         * never enable this in production.
         */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
