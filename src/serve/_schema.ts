/** A JSON Schema as this project's OpenAPI file writes it (a subset: see `checkSchema`). */
export type Schema = { [key: string]: unknown };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Resolves `$ref` and merges `allOf` parts into one object schema. */
function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const target = components[ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`Unknown $ref ${ref}`);
    return resolve(target, components);
  }
  const all = schema['allOf'];
  if (Array.isArray(all)) {
    const parts = all.map((p) => resolve(p as Schema, components));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p['properties'] ?? {})),
      required: parts.flatMap((p) => (Array.isArray(p['required']) ? p['required'] : [])),
    };
  }
  return schema;
}

/**
 * Checks a JSON value against the subset of JSON Schema our OpenAPI file uses: `$ref`, `allOf`,
 * `type` (a name or a list, `integer` and `null` included), `enum`, `properties` + `required` (and
 * no property the schema does not name), `items`. Returns the mismatches, each with its path.
 */
export function checkSchema(
  value: unknown,
  schema: Schema,
  components: Record<string, Schema>,
  at = '$',
): string[] {
  const s = resolve(schema, components);
  const errors: string[] = [];
  const types = s['type'] === undefined ? [] : Array.isArray(s['type']) ? s['type'] : [s['type']];
  const actual = typeOf(value);
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    return [`${at}: ${actual}, expected ${types.join(' | ')}`];
  }
  const allowed = s['enum'];
  if (Array.isArray(allowed) && !allowed.includes(value))
    errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (isObject(value) && isObject(s['properties'])) {
    const props = s['properties'] as Record<string, Schema>;
    for (const key of Array.isArray(s['required']) ? (s['required'] as string[]) : []) {
      if (!(key in value)) errors.push(`${at}.${key}: missing`);
    }
    for (const [key, v] of Object.entries(value)) {
      const p = props[key];
      if (!p) errors.push(`${at}.${key}: not in the schema`);
      else errors.push(...checkSchema(v, p, components, `${at}.${key}`));
    }
  }
  if (Array.isArray(value) && isObject(s['items'])) {
    value.forEach((v, i) => {
      errors.push(...checkSchema(v, s['items'] as Schema, components, `${at}[${i}]`));
    });
  }
  return errors;
}
