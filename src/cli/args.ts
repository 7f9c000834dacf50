/// <reference types="node" />
// The CLI only ever runs on Node; the build config clears `types`, so ask for them here.
import { parseArgs } from 'node:util';

/** What the command line asked for, before any signing. */
export interface CliCommand {
  help: boolean;
  version: boolean;
  json: boolean;
  userContext: boolean;
  strict: boolean;
  expiry?: string;
  secret?: string;
  payload: Record<string, unknown>;
}

/** A mistake in the arguments: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: cube-token [options]

Prints a signed Cube API token (JWT) on stdout, for example:
  export CUBE_TOKEN=$(cube-token -e 30d -p tenantId=42)

Options:
  -e, --expiry <duration>   Lifetime: seconds, or 30s, 15m, 2h, 30d, 1w (default: 30d)
  -s, --secret <secret>     HS256 secret: the CUBEJS_API_SECRET your Cube server runs with
                            (default: CUBEJS_API_SECRET from the environment, else from ./.env;
                            prefer those, since arguments are visible to other users of the
                            machine). One shorter than 32 bytes still signs, with a warning on
                            stderr; the token alone is still printed on stdout
      --strict              Refuse a secret shorter than 32 bytes (RFC 7518's minimum for HS256)
  -p, --payload <KEY=VALUE> Add KEY to the security context; repeatable. VALUE is read as JSON
                            when it is JSON (42, true, null, {"a":1}, ["x"]), else as text; a
                            whole number too big for JSON to hold exactly stays text
      --user-context        Put the security context under "u" (Cube before 0.26)
      --json                Print {"token", "payload"} as JSON instead of the token alone
  -h, --help                Show this help
  -v, --version             Show the version

Exit status: 0 on success, 2 on invalid arguments or input, 1 on any other failure.
`;

/** Parses argv (without `node` and the script) or throws {@link UsageError}. */
export function parseCommand(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        expiry: { type: 'string', short: 'e' },
        secret: { type: 'string', short: 's' },
        payload: { type: 'string', short: 'p', multiple: true },
        'user-context': { type: 'boolean' },
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values } = parsed;
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    json: values.json ?? false,
    userContext: values['user-context'] ?? false,
    strict: values.strict ?? false,
    expiry: values.expiry,
    secret: values.secret,
    payload: parsePayload(values.payload ?? []),
  };
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  // Node's message quotes the stray argument, which could be a secret typed without -s.
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return 'Unexpected argument: cube-token takes options only';
  return error instanceof Error ? error.message.replace(/\n/g, ' ') : String(error);
}

/**
 * `KEY=VALUE` pairs into an object; a value that is valid JSON is taken as that JSON value. The
 * object has no prototype, so every key, `__proto__` included, is an ordinary property that the
 * signer then signs or refuses; none is lost on the way.
 */
export function parsePayload(pairs: string[]): Record<string, unknown> {
  const payload = Object.create(null) as Record<string, unknown>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? '' : pair.slice(0, eq).trim();
    if (!key) throw new UsageError('--payload expects KEY=VALUE, with a non-empty KEY');
    if (Object.hasOwn(payload, key)) {
      throw new UsageError(`--payload ${key} is given more than once`);
    }
    payload[key] = parseValue(key, pair.slice(eq + 1));
  }
  return payload;
}

/** A number JSON carries as written: a safe integer or a fraction, not 2^53 + 1 nor 1e400. */
const isExact = (value: number) =>
  Number.isSafeInteger(value) || (Number.isFinite(value) && !Number.isInteger(value));

function parseValue(key: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  // An id like 12345678901234567890 would otherwise be signed as 12345678901234567000.
  if (typeof value === 'number') return isExact(value) ? value : text;
  if (holdsInexactNumber(value)) {
    throw new UsageError(
      `--payload ${key} holds a whole number too big for JSON to carry exactly; quote it to keep it as text`,
    );
  }
  return value;
}

/** Walks a parsed value without recursion: its depth is whatever the user typed. */
function holdsInexactNumber(root: unknown): boolean {
  const pending = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'number' && !isExact(value)) return true;
    if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) pending.push(item);
    }
  }
  return false;
}
