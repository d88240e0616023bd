// Compiles tool schemas with Ajv under the JSON Schema dialect each one declares. MCP says a schema
// without "$schema" is draft 2020-12, so that is the default.
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const dialects = {
  'https://json-schema.org/draft/2020-12/schema': Ajv2020,
  'https://json-schema.org/draft/2019-09/schema': Ajv2019,
  'http://json-schema.org/draft-07/schema': Ajv,
  'http://json-schema.org/draft-07/schema#': Ajv,
};

/** The default dialect of an MCP tool schema that declares none. */
export const defaultDialect = 'https://json-schema.org/draft/2020-12/schema';

const instances = new Map();

function ajvFor(dialect) {
  const Ctor = dialects[dialect];
  if (!Ctor) throw new Error(`unsupported "$schema" ${JSON.stringify(dialect)}`);
  if (!instances.has(dialect)) {
    // strict: unknown keywords and formats are errors, so a schema that only works in a lax validator
    // fails here. Union types (["string","null"]) are standard JSON Schema, so they are allowed.
    const ajv = new Ctor({ strict: true, allowUnionTypes: true, allErrors: true });
    addFormats(ajv);
    instances.set(dialect, ajv);
  }
  return instances.get(dialect);
}

/** Compiles a schema under its declared dialect; throws with Ajv's message when it does not compile. */
export function compileSchema(schema) {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new Error(`schema is ${JSON.stringify(schema)}, not an object`);
  }
  const dialect = schema.$schema ?? defaultDialect;
  const ajv = ajvFor(dialect);
  // Compile a copy without $id so two tools sharing an $id cannot collide in Ajv's cache.
  const { $id: _ignored, ...copy } = schema;
  return ajv.compile(copy);
}

/** Ajv's errors as one readable line. */
export function describeErrors(validate) {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}
