// Types for test/e2e/harness.mjs, so TypeScript tests and tools can import it.
export interface PostgresHandle {
  port: number;
  database: string;
  user: string;
  logFile: string;
}

export interface CubeHandle {
  port: number;
  baseUrl: string;
  apiUrl: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface Stack {
  apiUrl: string;
  baseUrl: string;
  secret: string;
  dir: string;
  pg: { host: string; port: number; database: string; user: string };
  cube: CubeHandle;
  postgres: PostgresHandle;
  crashed: Promise<string>;
  logs(): { postgres: string; cube: string };
  stop(): Promise<void>;
}

export function startStack(options?: { log?: (msg: string) => void; secret?: string }): Promise<Stack>;

export function startCube(options: {
  pg: { port: number; database: string; user: string };
  secret: string;
  devMode?: boolean;
  dir: string;
  log?: (msg: string) => void;
  timeoutMs?: number;
  /** Listen on this port (a restart where clients expect the server); default: a free one. */
  port?: number;
}): Promise<CubeHandle>;

/** Runs SQL in the stack's database through psql; throws when psql fails. */
export function runSql(pg: { port: number; database: string; user: string }, sql: string): void;

export function stackEnv(stack: Stack): Record<string, string>;
export function freePort(): Promise<number>;
export function seedSql(): string;
