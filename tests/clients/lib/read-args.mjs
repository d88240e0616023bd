// Arguments for calling every read-only tool of the catalogue with real ids. Each required argument
// is taken from what the suite learned so far (ids found by list tools or made by the write
// journey), or from the first value of its enum. An id whose list came back empty (the sandbox has
// no table, and no tool makes one) is replaced by a well-formed unknown id, and the call is then
// expected to fail with a not-found tool error that names the list tool. An argument that cannot be
// filled at all is reported by name, so a new read tool with a new required argument fails loudly.

/** A well-formed id that no engine object has. */
export const unknownId = '0000000000000000000nx';

function valueFor(known, property, schema) {
  if (property in known.any) return known.any[property];
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return schema.enum[0];
  return undefined;
}

/**
 * Builds one read tool's required arguments from known = {any: {argument: value}, empty: {argument:
 * list tool}}. Returns {args, expectNotFound}, where expectNotFound names the empty list tool whose
 * id was replaced by unknownId (undefined otherwise). Throws when a required argument cannot be filled.
 */
export function readArguments(tool, known) {
  const schema = tool.inputSchema ?? {};
  const args = {};
  let expectNotFound;
  for (const property of schema.required ?? []) {
    let value = valueFor(known, property, schema.properties?.[property]);
    if (value === undefined && known.empty?.[property]) {
      value = unknownId;
      expectNotFound = known.empty[property];
    }
    if (value === undefined) {
      throw new Error(`${tool.name}: no value for required argument "${property}" ` +
        `(${JSON.stringify(schema.properties?.[property] ?? {})})`);
    }
    args[property] = value;
  }
  return { args, expectNotFound };
}
