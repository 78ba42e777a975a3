import {
  AuditorService,
  coreServices,
  createBackendPlugin,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';

/** What route modules get from a test plugin. */
export interface RouteTestDeps {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  userInfo: UserInfoService;
}

/**
 * Route modules mounted the way the plugins mount them (plugin id
 * `quantumlayer` unless told, the real auth middleware, JSON bodies and error handler),
 * over what `mount` adds to a fresh router.
 */
export function routesTestPlugin(
  mount: (router: ReturnType<typeof Router>, deps: RouteTestDeps) => void,
  pluginId = 'quantumlayer',
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          auditor: coreServices.auditor,
          userInfo: coreServices.userInfo,
        },
        async init({ httpRouter, ...deps }) {
          const router = Router();
          router.use(express.json());
          mount(router, deps);
          httpRouter.use(router);
        },
      });
    },
  });
}
