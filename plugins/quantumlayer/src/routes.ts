import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The workflow runs page. @public */
export const rootRouteRef = createRouteRef();
