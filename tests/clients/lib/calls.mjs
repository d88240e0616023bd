// Calling mcp-bridge tools through the SDK client with the checks every call shares: the result is
// not a tool error, and its structuredContent validates against the tool's outputSchema (compiled
// here with Ajv under the schema's dialect, independently of the SDK's own check).
import assert from 'node:assert/strict';
import { compileSchema, describeErrors } from './schemas.mjs';

/** Lists every tool, following nextCursor when the server pages the list. */
export async function listAllTools(client) {
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/** The text of a result's text content blocks, joined: what a model would read. */
export function resultText(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

/**
 * A caller bound to one connection and its tool list. call(name, args, options) asserts success and
 * output-schema validity and returns structuredContent; raw(name, args, options) returns the result.
 */
export function toolCaller(client, tools) {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const validators = new Map();
  const validatorFor = (name) => {
    if (!validators.has(name)) {
      const tool = byName.get(name);
      validators.set(name, tool?.outputSchema ? compileSchema(tool.outputSchema) : null);
    }
    return validators.get(name);
  };
  const raw = (name, args, options) => client.callTool({ name, arguments: args }, undefined, options);
  const call = async (name, args = {}, options) => {
    assert.ok(byName.has(name), `the server lists no tool named ${name}`);
    const result = await raw(name, args, options);
    assert.notEqual(result.isError, true,
      `${name}(${JSON.stringify(args)}) returned a tool error: ${resultText(result)}`);
    const validate = validatorFor(name);
    if (validate) {
      assert.ok(result.structuredContent !== undefined, `${name} has an outputSchema but returned no structuredContent`);
      assert.ok(validate(result.structuredContent),
        `${name}: structuredContent does not match outputSchema: ${describeErrors(validate)}\n` +
        `${JSON.stringify(result.structuredContent).slice(0, 500)}`);
    }
    return result.structuredContent ?? JSON.parse(resultText(result));
  };
  return { call, raw, tool: (name) => byName.get(name) };
}
