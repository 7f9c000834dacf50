import type { CubeSqlResult, CubeSqlResultMetadata, CubeSqlStreamChunk } from '../types/methods';

// This module is loaded on first use through `import()` (see `CubeApi.cubeSql`). It imports no
// runtime code: anything it shared with the main bundle would be split into extra chunks that
// every page downloads, so the errors it throws are built by the caller.

/**
 * The SQL API (`/cubesql`) answers in JSON lines: a schema line (with the result's metadata),
 * then lines of `data` rows, and an `error` line when the query failed part-way.
 */
type Line = { schema?: unknown; data?: unknown; error?: unknown } & CubeSqlResultMetadata;

function readLine(text: string): Line | undefined {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof line === 'object' && line !== null && !Array.isArray(line) ? line : undefined;
}

/** An `error` the server sent as text (a string, as Cube sends it, or the JSON of anything else). */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The result-level fields of a schema line; a field the server left out stays absent. */
function metadataOf({ lastRefreshTime, external, usedPreAggregations }: Line): CubeSqlResultMetadata {
  return {
    ...(lastRefreshTime ? { lastRefreshTime } : {}),
    ...(external ? { external } : {}),
    ...(usedPreAggregations ? { usedPreAggregations } : {}),
  };
}

/**
 * A whole `/cubesql` reply as one result. A line that is not JSON, or a first line without a
 * schema, is `bad()`; an `error` line is `failed(message, line)` (the caller's `RequestError`
 * carrying the server's message).
 */
export function parseCubeSql(
  text: string,
  bad: () => Error,
  failed: (message: string, line: unknown) => Error,
): CubeSqlResult {
  const [first, ...rest] = text.split('\n');
  const head = readLine(first);
  if (!Array.isArray(head?.schema)) throw bad();
  const data: CubeSqlResult['data'] = [];
  for (const text of rest) {
    if (!text.trim()) continue;
    const line = readLine(text);
    if (!line) throw bad();
    if (line.error) throw failed(textOf(line.error), line);
    // One row at a time: spreading a 100k-row chunk into push() overflows the argument limit.
    if (Array.isArray(line.data)) for (const row of line.data as CubeSqlResult['data']) data.push(row);
  }
  return { schema: head.schema as CubeSqlResult['schema'], data, ...metadataOf(head) };
}

/** One line of a stream as its chunk (nothing for a line with neither schema, data nor error). */
function toChunk(text: string, unreadable: string): CubeSqlStreamChunk | undefined {
  const line = readLine(text);
  if (!line) return { type: 'error', error: `${unreadable}: ${text}` };
  if (line.schema) return { type: 'schema', schema: line.schema as [], ...metadataOf(line) };
  if (line.data) return { type: 'data', data: line.data as [] };
  if (line.error) return { type: 'error', error: textOf(line.error) };
  return undefined;
}

/** The chunks of a streamed `/cubesql` reply, line by line as the bytes arrive. */
export async function* cubeSqlChunks(body: AsyncIterable<Uint8Array>): AsyncGenerator<CubeSqlStreamChunk> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body) {
    const lines = (buffer + decoder.decode(bytes, { stream: true })).split('\n');
    buffer = lines.pop() ?? '';
    for (const text of lines) {
      const chunk = text.trim() ? toChunk(text, 'Failed to parse JSON line') : undefined;
      if (chunk) yield chunk;
    }
  }
  const chunk = buffer.trim() ? toChunk(buffer, 'Failed to parse remaining JSON') : undefined;
  if (chunk) yield chunk;
}
