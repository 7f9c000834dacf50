/// <reference types="node" />
// Only the lazy .env reader below touches Node; the build config clears `types`.
/**
 * Reads `KEY=VALUE` lines the way `.env` files written by the Cube CLI and by dotenv users look:
 * `#` comment lines, an optional `export ` prefix, single- or double-quoted values (double quotes
 * understand `\n`), and ` #` comments after unquoted values. Later lines win. Not a full dotenv
 * implementation: no multi-line values and no `${VAR}` expansion.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    result[match[1]] = unquote(match[2]);
  }
  return result;
}

function unquote(raw: string): string {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = raw.indexOf(quote, 1);
    if (end > 0) {
      const inner = raw.slice(1, end);
      return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t') : inner;
    }
  }
  const comment = raw.search(/\s#/);
  return (comment === -1 ? raw : raw.slice(0, comment)).trim();
}

/**
 * The `.env` file of the working directory, parsed, or `{}` when there is none or the runtime has
 * no file system. A file that exists but cannot be read rejects with the file system's error, so
 * that a permission problem is not mistaken for a missing secret. `node:fs` is imported here,
 * lazily, so edge runtimes that never reach this point do not need it.
 */
export async function readDotEnvFile(): Promise<Record<string, string>> {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  if (typeof proc?.cwd !== 'function') return {};
  let fs, path;
  try {
    [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  } catch {
    return {}; // a runtime with a `process` global but no file system
  }
  try {
    return parseDotEnv(await fs.readFile(path.join(proc.cwd(), '.env'), 'utf8'));
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ENOENT') return {};
    throw error;
  }
}
