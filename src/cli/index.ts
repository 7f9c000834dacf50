/// <reference types="node" />
// The CLI only ever runs on Node; the build config clears `types`, so ask for them here.
import { createRequire } from 'node:module';
import { TokenSigningError } from '../errors/TokenSigningError';
import { signCubeToken } from '../server/signCubeToken';
import { parseCommand, USAGE, UsageError } from './args';

/**
 * The `cube-token` command: signs a Cube token from the command line, as the seed's
 * `cubejs token -e 30d -s SECRET -p FOO=BAR` does. A thin shell over `signCubeToken`; see
 * `cube-token --help`.
 */
async function main(argv: string[]): Promise<number> {
  ignoreClosedReaders();
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    return usageFailure(error);
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.version) {
    process.stdout.write(`${readVersion()}\n`);
    return 0;
  }

  let token: string;
  try {
    token = await signCubeToken({
      secret: command.secret,
      expiresIn: command.expiry ?? '30d',
      securityContext: command.payload,
      legacyUserContext: command.userContext,
      ...(command.strict ? { minSecretBytes: 32 } : {}),
      // One line on stderr, so that stdout still holds the token alone.
      onWarning: (warning) => process.stderr.write(`cube-token: warning: ${cliWording(warning.message)}\n`),
    });
  } catch (error) {
    if (error instanceof TokenSigningError) return usageFailure(error, cliWording(error.message));
    process.stderr.write(`cube-token: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }

  if (command.json) {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    process.stdout.write(`${JSON.stringify({ token, payload })}\n`);
  } else {
    process.stdout.write(`${token}\n`);
  }
  return 0;
}

/** The library speaks of options; on the command line the same mistakes are flags. */
function cliWording(message: string): string {
  return message
    .replace(/^expiresIn\b/, '--expiry')
    .replace(/^secret\b/, '--secret')
    .replace(/minSecretBytes: 32 refuses/, '--strict refuses')
    .replace(/^No secret: pass one,/, 'No secret: pass --secret,')
    .replace(/^securityContext\.(\S+)/, '--payload $1')
    .replace(/use legacyUserContext/, 'use --user-context')
    .replace(/computed from expiresIn/, 'computed from --expiry')
    .replace(/pass it through claims instead/, 'it cannot be set with --payload');
}

/**
 * A reader that stops early (`cube-token | head -c 10`) closes the pipe; the next write then
 * fails with EPIPE. Nobody is left to read the rest, so that is no failure: the exit status stays
 * what the work itself ended with, and no stack trace is printed.
 */
function ignoreClosedReaders(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return;
      process.exitCode = 1;
      if (stream !== process.stderr)
        process.stderr.write(`cube-token: cannot write the output: ${error.message}\n`);
    });
  }
}

function usageFailure(
  error: unknown,
  message = error instanceof Error ? error.message : String(error),
): number {
  process.stderr.write(`cube-token: ${message}\nRun cube-token --help for usage.\n`);
  return error instanceof UsageError || error instanceof TokenSigningError ? 2 : 1;
}

function readVersion(): string {
  // The bundle is CommonJS; resolving the package by its own name finds the package.json that
  // ships next to it, wherever npm linked the bin.
  try {
    const from = typeof __filename === 'string' ? __filename : process.argv[1];
    return (createRequire(from)('cube-client/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // A write error may already have set a failure; it stands.
    if (!process.exitCode) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cube-token: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
