import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { allRoutes } from './routes/all-routes.js';

type JsonObject = Record<string, unknown>;
let cached: JsonObject | undefined;

/**
 * zod-to-openapi lists `exactOptional()` members (domain schemas use them for optional fields)
 * as required. zod's own JSON Schema is right, so the `required` list of every component that
 * is a registered zod schema is taken from `z.toJSONSchema` instead.
 */
function fixRequired(components: JsonObject): void {
  const idmap = (z.globalRegistry as unknown as { _idmap: Map<string, z.ZodType> })._idmap;
  for (const [id, component] of Object.entries(components)) {
    const schema = idmap.get(id);
    if (schema === undefined || typeof component !== 'object' || component === null) continue;
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      $defs?: Record<string, { required?: string[] }>;
      required?: string[];
    };
    const own = json.$defs?.[id] ?? json;
    const target = component as { required?: string[]; type?: unknown };
    if (target.type !== 'object') continue;
    if (own.required === undefined || own.required.length === 0) delete target.required;
    else target.required = [...own.required];
  }
}

/**
 * The node's OpenAPI 3.1 document, generated from the route definitions (the same objects the
 * app mounts), with each operation's roles in `x-kpx-roles`. The lead's spec script writes it
 * to `spec/openapi.json`.
 *
 * @example
 * ```ts
 * writeFileSync('spec/openapi.json', JSON.stringify(buildOpenApiDocument(), null, 2));
 * ```
 */
export function buildOpenApiDocument(): JsonObject {
  if (cached !== undefined) return structuredClone(cached);
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`kpx_…`) created by an admin; each token has one role.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'kpx_session',
    description:
      'The console session (`POST /api/v1/session`). POST, PUT, PATCH and DELETE must also send the session’s CSRF token in `X-CSRF-Token`.',
  });
  for (const route of allRoutes) app.openAPIRegistry.registerPath(route.config);
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'kpx authority node',
      version: '1.0.0',
      description:
        'The HTTP API of a kpx node (digital Kimberley Process certificates). Errors are RFC 9457 problem+json with a stable `code`. `x-kpx-roles` on each operation names the roles that may call it (`public`: no credentials; `partner-node`: authenticated by the envelope signature; `session`: any officer signed in to the console).',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
  }) as unknown as JsonObject;
  const components = (doc['components'] as { schemas?: JsonObject } | undefined)?.schemas;
  if (components !== undefined) fixRequired(components);
  cached = doc;
  return structuredClone(doc);
}
