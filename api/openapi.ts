import type { FastifyInstance } from 'fastify';
import { z, type ZodType } from 'zod';
import { ERROR_STATUS } from '../services/errors';
import type { RouteEntry } from './app';
import { declareRoute, type RouteSchemas } from './route-schemas';

/**
 * The OpenAPI 3.1 document of the JSON API, generated from each route's declared zod schemas
 * (api/route-schemas.ts) by zod's own JSON Schema output, so it cannot drift from what the routes parse. Served at
 * `GET /api/docs` in development only: a production server does not describe itself to strangers.
 */

type JsonSchema = Record<string, unknown>;

/** What a person or a script sends (`io: 'input'`): before defaults, coercions and trims are applied. */
function jsonSchemaOf(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Fastify's `/api/items/:code` as OpenAPI's `/api/items/{code}`. */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The names a path pattern binds, in order. */
export const pathParameterNames = (url: string): string[] => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

function parametersOf(schema: ZodType | undefined, place: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchemaOf(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: place,
    required: place === 'path' || required.has(name),
    schema: property,
  }));
}

const text = ({ th, en }: { th: string; en: string }) => `${th} / ${en}`;

function operationOf(route: RouteEntry & { schemas: RouteSchemas }) {
  const { schemas } = route;
  const responses: Record<string, unknown> = {};
  for (const [status, what] of Object.entries(schemas.responses ?? { 200: { th: 'สำเร็จ', en: 'success' } })) {
    responses[status] = { description: text(what) };
  }
  responses['4XX'] = { description: 'คำขอถูกปฏิเสธ / refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  responses['5XX'] = { description: 'ระบบไม่พร้อม / unavailable', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    summary: schemas.summary.en,
    description: text(schemas.summary),
    parameters: [...parametersOf(schemas.params, 'path'), ...parametersOf(schemas.query, 'query')],
    ...(schemas.body
      ? {
          requestBody: {
            required: schemas.bodyOptional !== true,
            content: Object.fromEntries((schemas.bodyTypes ?? ['application/json']).map((type) => [type, { schema: jsonSchemaOf(schemas.body!) }])),
          },
        }
      : {}),
    responses,
  };
}

/** The routes the document covers: the JSON API, everything under `/api/`. */
export const isJsonApiRoute = (route: Pick<RouteEntry, 'method' | 'url'>): boolean =>
  route.url.startsWith('/api/') && route.method !== 'HEAD' && route.method !== 'OPTIONS';

export function openApiDocument(routes: ReadonlyArray<RouteEntry>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!isJsonApiRoute(route) || !route.schemas) continue;
    const path = (paths[openApiPath(route.url)] ??= {});
    path[route.method.toLowerCase()] = operationOf(route as RouteEntry & { schemas: RouteSchemas });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sujarit (สุจริต) API',
      version: '1',
      description:
        'ส่วนติดต่อแบบ JSON ของสุจริต การเขียนที่ใช้คุกกี้ต้องส่ง X-CSRF-Token จาก GET /api/session / ' +
        "Sujarit's JSON API; a cookie-authenticated write carries the X-CSRF-Token that GET /api/session gives.",
    },
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'messageEn'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
                message: { type: 'string', description: 'ภาษาไทย / Thai' },
                messageEn: { type: 'string', description: 'English' },
                details: {},
              },
            },
          },
        },
      },
    },
  };
}

const DOCS = declareRoute({ summary: { th: 'เอกสาร OpenAPI ของส่วนติดต่อนี้', en: 'this OpenAPI document (development only)' } });

/** `GET /api/docs`, registered only in development. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  if (!app.deps.config.isDevelopment) return;
  app.get('/api/docs', { config: { schemas: DOCS } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(openApiDocument(app.routeTable)),
  );
}
