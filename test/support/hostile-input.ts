import fc from 'fast-check';
import { z, type ZodType } from 'zod';

/**
 * Hostile values for the bad-input suite: what a careless client, a fuzzer or an attacker sends, built from a route's
 * declared schema (api/route-schemas.ts) so that every field a route reads gets its turn.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
};

export const jsonSchemaOf = (schema: ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

const SAMPLE_TEXT = fc.constantFrom('ข้อความ', 'ok', 'หมายเหตุ\nบรรทัดสอง', 'ก');

/** A value of the shape the JSON Schema describes, as a well-behaved client would send it. */
export function validArbitrary(schema: JsonSchema, name = ''): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validArbitrary(s, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = schema.required ?? [];
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validArbitrary(property, key)])),
        { requiredKeys: required.filter((key) => key in properties) },
      );
    }
    case 'array':
      return fc.array(validArbitrary(schema.items ?? {}, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'string':
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      if (schema.format === 'date' || /date/i.test(name)) return fc.constantFrom('2027-01-10', '2027-06-30');
      return SAMPLE_TEXT;
    case 'integer':
    case 'number': {
      const min = Math.ceil(schema.minimum ?? (schema.exclusiveMinimum === undefined ? 0 : schema.exclusiveMinimum + 1));
      return fc.integer({ min, max: Math.max(min, Math.min(schema.maximum ?? min + 1000, min + 1000)) });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.oneof(SAMPLE_TEXT, fc.integer(), fc.constant(null));
  }
}

/** A text PostgreSQL cannot store, a terminal would act on, or that no field should hold. */
export const poisonText = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`),
  fc.string({ maxLength: 8 }).map((s) => `${s}\uD83D`),
  fc.string({ maxLength: 8 }).map((s) => `\uDC00${s}`),
  fc.constantFrom('\u0007', '\u001b[31m', 'a\u007fb', '\u0008', '\u202Eเท็จ'),
  fc.constantFrom('ก'.repeat(20_001), 'x'.repeat(70_000)),
);
/** Dates that do not exist, or are not dates. */
export const poisonDate = fc.constantFrom('9999-99-99', '0000-00-00', '2570-02-30', '2027-02-29', '2026-13-01', '0NaN-NaN-NaN', '1899-12-31', '2027-1-1', '2027-01-10T25:00:00Z', '');
/** Numbers no amount, id or year is. */
export const poisonNumber = fc.constantFrom(-1, 1e300, -1e300, 2 ** 53 + 10, 1.5, 99_999_999_999, Number.MAX_VALUE, -0.000001);
/** Any JSON value of the wrong type. */
export const wrongType = fc.oneof(
  fc.constantFrom(true, false, null, [], {}, 0, '', 'null', '[object Object]'),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.object({ maxDepth: 1, maxKeys: 2 }),
);
/** A document nested deeper than anything reads. */
export const deeplyNested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const deeplyNestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

export const poisonValue = fc.oneof(poisonText, poisonDate, poisonNumber, wrongType);

/** Every path to a value inside a JSON document, the document itself included. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  // An earlier replacement took the place that held this path: the earlier poison stays.
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return { ...object, [head!]: replaceAt(object[head!], rest, replacement) };
}

/** A JSON body: a value of the declared shape with one or two places poisoned, or an extra field, or the wrong thing. */
export function mutatedBody(schema: ZodType): fc.Arbitrary<unknown> {
  const valid = validArbitrary(jsonSchemaOf(schema));
  const poisoned = valid.chain((base) => {
    const paths = pathsOf(base);
    return fc
      .array(fc.tuple(fc.constantFrom(...paths), poisonValue), { minLength: 1, maxLength: 2 })
      .map((replacements) => replacements.reduce((body, [path, poison]) => replaceAt(body, path, poison), base));
  });
  const extraField = valid.chain((base) =>
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'requestId', 'personId', 'note', 'x'), poisonValue).map(([key, poison]) =>
      base && typeof base === 'object' && !Array.isArray(base) ? JSON.parse(JSON.stringify({ ...base, [key]: poison })) : base,
    ),
  );
  return fc.oneof({ weight: 6, arbitrary: poisoned }, { weight: 1, arbitrary: extraField });
}

/** A raw body text that is not the expected object at all, or not JSON. */
export const rawHostileBody = fc.oneof(
  fc.constantFrom('{', '}', 'null', '[]', '"x"', '1e999', '{"memo": "\\u0000"}', '{"a":1,"a":2}', '\uFEFF{}', '{"__proto__":{"polluted":1}}', ''),
  fc.constantFrom(deeplyNested(5_000), deeplyNestedObject(2_000)),
  fc.constant(`{"memo":"${'ก'.repeat(400_000)}"}`),
);

/** A path segment as a URL carries it: NUL, an encoded lone surrogate, bad escapes, traversal, huge, numbers no id is. */
export const hostileSegment = fc.constantFrom(
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%',
  '%zz',
  '%C0%AF',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(3_000),
  '9'.repeat(30),
  '99999999999',
  '2147483648',
  '-1',
  '0',
  '1e400',
  '1.5',
  'NaN',
  '2570-02-30',
  '9999-99-99',
  '%F0%9F%92%A9',
  encodeURIComponent("'; DROP TABLE people;--"),
  encodeURIComponent('ก'),
  '%3Cscript%3E',
);

/** A query value as a URL carries it. */
export const hostileQueryValue = fc.oneof(hostileSegment, fc.constantFrom('true', '[]', '{}', '%5B%5D', '2570%00'));

/**
 * Headers no well-behaved client sends; each is only ASCII or Latin-1, as HTTP carries them. Some change what a
 * request is (a foreign Origin, another site's fetch, a forged CSRF token): those are refused as they should be.
 */
const headerSet = (pairs: Array<[string, string]>) =>
  fc.subarray(pairs, { minLength: 1, maxLength: 3 }).map((chosen) => Object.fromEntries(chosen) as Record<string, string>);
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  {
    weight: 5,
    arbitrary: headerSet([
      ['accept', 'application/json;q=0.9, */*;q=0.1, \u00ff'],
      ['accept-language', `th-${'x'.repeat(8_000)}`],
      ['idempotency-key', `${'k'.repeat(300)}`],
      ['idempotency-key', 'aaaaaaaa'],
      ['x-forwarded-for', '999.999.999.999, <script>, ::ffff:1.2.3.4'],
      ['if-none-match', `"${'0'.repeat(2_000)}"`],
      ['range', 'bytes=9999999999999-1'],
      ['user-agent', '\u00e9'.repeat(4_000)],
      ['sec-fetch-site', 'same-origin'],
    ]),
  },
  {
    weight: 1,
    arbitrary: headerSet([
      ['x-csrf-token', 'forged.token.value'],
      ['origin', 'null'],
      ['sec-fetch-site', 'cross-site'],
      ['content-encoding', 'gzip'],
      ['transfer-encoding', 'chunked'],
    ]),
  },
);

/** Content types a browser or a script may send instead of the one the route reads. */
export const hostileContentType = fc.constantFrom(
  'text/plain',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/x-www-form-urlencoded',
  'application/xml',
  'APPLICATION/JSON',
  'application/json\t;',
  '*/*',
);
