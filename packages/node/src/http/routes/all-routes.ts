import type { ApiRoute } from '../api-route.js';
import { adminRoutes } from './admin-routes.js';
import { certificateRoutes } from './certificate-routes.js';
import { exchangeRoute } from './exchange-routes.js';
import { opsRoutes } from './ops-routes.js';
import { verifyRoutes } from './verify-routes.js';

/** Every route of the node, in the order they appear in the OpenAPI document. */
export const allRoutes: readonly ApiRoute[] = Object.freeze([
  ...certificateRoutes,
  ...verifyRoutes,
  exchangeRoute,
  ...adminRoutes,
  ...opsRoutes,
]);
