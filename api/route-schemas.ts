import type { FastifyRequest } from 'fastify';
import type { z, ZodType } from 'zod';
import { parseInput } from '../services/errors';

/**
 * What a JSON API route takes, declared once beside the route: its path parameters, its query and its body, as zod
 * schemas. The route parses its parameters and query with these very schemas (`routeInput`), the service it calls
 * parses the body with the schema declared here (services parse bodies themselves, after checking who asks and
 * whether the workflow takes the command, so the pages and the API refuse alike and in the same order), and
 * `api/openapi.ts` builds the OpenAPI document from the same declarations. A route under `/api/` without one fails
 * `test/integration/bad-input.test.ts`.
 */
export interface RouteSchemas {
  /** What the route does, Thai first, for the document. */
  summary: { th: string; en: string };
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** The body may be left out altogether (then it is parsed as `{}`). */
  bodyOptional?: boolean;
  /** The body's media types; JSON unless the route also takes uploads. */
  bodyTypes?: readonly ('application/json' | 'multipart/form-data')[];
  /** What a success answers with (status → what it is); an error is always the one error body. */
  responses?: Readonly<Record<number, { th: string; en: string }>>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's declared input (api/route-schemas.ts); every route under /api/ has one. */
    schemas?: RouteSchemas;
  }
}

/** Keeps the literal type of a declaration, so `routeInput` knows what each part parses to. */
export const declareRoute = <S extends RouteSchemas>(schemas: S): S => schemas;

type Parsed<T> = T extends ZodType ? z.output<T> : undefined;

export interface RouteInput<S extends RouteSchemas> {
  params(): Parsed<S['params']>;
  query(): Parsed<S['query']>;
}

/**
 * The request's parameters and query parsed by the route's declared schemas, each when the handler asks for it: a
 * route finds who is asking first (401 before 400), as every route has always done.
 */
export function routeInput<S extends RouteSchemas>(schemas: S, request: FastifyRequest): RouteInput<S> {
  // The handler names its declaration and the route carries it: both must be the one object, or the document would
  // describe one schema while the route parsed with another.
  if (request.routeOptions.config.schemas !== schemas) {
    throw new Error(`${request.routeOptions.method} ${request.routeOptions.url} parses with a schema it does not declare`);
  }
  const parse = (schema: ZodType | undefined, value: unknown, th: string, en: string) =>
    schema === undefined ? undefined : parseInput(schema, value, th, en);
  return {
    params: () => parse(schemas.params, request.params, 'ในที่อยู่', 'path parameters') as Parsed<S['params']>,
    query: () => parse(schemas.query, request.query, 'ในคำค้น', 'query') as Parsed<S['query']>,
  };
}
