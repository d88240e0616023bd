// Learns ids from list results so that the get tools can be called on real items: the first item of
// list_tables supplies tableId, of list_mcp_servers mcpServerId, of list_pieces the piece name, etc.

/** camelCase id argument for the items of a list tool: list_mcp_servers → mcpServerId. */
export function idArgumentOf(listTool) {
  const noun = listTool.replace(/^list_/, '').replace(/s$/, '');
  return `${noun.replace(/_([a-z])/g, (_, c) => c.toUpperCase())}Id`;
}

/** The first array in a list tool's result (flows, runs, tables, ...). */
export function firstItems(result) {
  if (Array.isArray(result)) return result;
  for (const value of Object.values(result ?? {})) {
    if (Array.isArray(value)) return value;
  }
  return [];
}

/**
 * Records the first item of a list tool's result as the value of the argument that names it,
 * without replacing a value the suite made itself (the journey's flow, run and folder). An empty
 * list is remembered in known.empty, by argument name.
 */
export function harvestIds(toolName, result, known) {
  if (!toolName.startsWith('list_')) return;
  const [first] = firstItems(result);
  const argument = toolName === 'list_pieces' ? 'pieceName' : idArgumentOf(toolName);
  if (!first || typeof first !== 'object') {
    known.empty[argument] = toolName;
    return;
  }
  const value = toolName === 'list_pieces' ? first.name : first.id;
  if (typeof value === 'string') known.any[argument] ??= value;
}
