import { sessionRoutes } from '../../auth/session-routes.js';
import { userRoutes } from '../../auth/user-routes.js';
import { dashboardRoute } from '../../dashboard/dashboard-route.js';
import { printRoutes } from '../../print/print-routes.js';
import { statisticsRoutes } from '../../statistics/statistics-routes.js';
import { webhookRoutes } from '../../webhooks/webhook-routes.js';
import type { ApiRoute } from '../api-route.js';
import { adminRoutes } from './admin-routes.js';
import { applicationRoutes } from './application-routes.js';
import { certificateRoutes } from './certificate-routes.js';
import { companyRoutes } from './company-routes.js';
import { exchangeRoute } from './exchange-routes.js';
import { keyRoutes } from './key-routes.js';
import { opsRoutes } from './ops-routes.js';
import { verifyRoutes } from './verify-routes.js';

/** Every route of the node, in the order they appear in the OpenAPI document. */
export const allRoutes: readonly ApiRoute[] = Object.freeze([
  ...certificateRoutes,
  ...printRoutes,
  ...verifyRoutes,
  ...statisticsRoutes,
  exchangeRoute,
  ...adminRoutes,
  ...keyRoutes,
  ...sessionRoutes,
  ...userRoutes,
  dashboardRoute,
  ...applicationRoutes,
  ...companyRoutes,
  ...webhookRoutes,
  ...opsRoutes,
]);
