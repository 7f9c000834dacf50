// What the harness (test/e2e/harness.mjs) tells the test process about the running stack.
import { readFileSync } from 'node:fs';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the e2e suites through the harness, ` +
        '`node test/e2e/harness.mjs -- npx jest -c jest.e2e.config.js`',
    );
  }
  return value;
}

export const stack = {
  /** `http://127.0.0.1:PORT/cubejs-api/v1` */
  apiUrl: required('CUBE_API_URL'),
  /** The HS256 secret the Cube server verifies tokens with. */
  secret: required('CUBE_API_SECRET'),
  /** `http://127.0.0.1:PORT` */
  baseUrl: required('CUBE_E2E_BASE_URL'),
  /** Where the harness keeps its logs and PostgreSQL's data; removed after the run. */
  dir: required('CUBE_E2E_DIR'),
  pg: {
    port: Number(required('CUBE_E2E_PG_PORT')),
    database: required('CUBE_E2E_PG_DATABASE'),
    user: required('CUBE_E2E_PG_USER'),
  },
};

export interface OrderRow {
  id: number;
  tenant: string;
  status: string;
  amount: string;
  created_at: string;
}

/** The rows the harness seeded; expected numbers are computed from them, never typed in. */
export const orders: OrderRow[] = JSON.parse(
  readFileSync(new URL('../fixtures/orders.json', import.meta.url), 'utf8'),
) as OrderRow[];

export const tenants = [...new Set(orders.map((o) => o.tenant))].sort();

/** Sum of amounts in cents, so the comparison does not depend on float rounding. */
const cents = (amount: string) => Math.round(Number(amount) * 100);

export function expectedTotals(tenant?: string): { count: number; totalCents: number } {
  const rows = orders.filter((o) => tenant === undefined || o.tenant === tenant);
  return { count: rows.length, totalCents: rows.reduce((sum, o) => sum + cents(o.amount), 0) };
}

/** `{ status: count }` for a tenant (or everyone). */
export function expectedCountByStatus(tenant?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of orders) {
    if (tenant !== undefined && o.tenant !== tenant) continue;
    out[o.status] = (out[o.status] ?? 0) + 1;
  }
  return out;
}

/** `{ 'YYYY-MM': count }` for a tenant (or everyone). */
export function expectedCountByMonth(tenant?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of orders) {
    if (tenant !== undefined && o.tenant !== tenant) continue;
    const month = o.created_at.slice(0, 7);
    out[month] = (out[month] ?? 0) + 1;
  }
  return out;
}

export const toCents = (value: unknown): number => Math.round(Number(value) * 100);

/** A value no other query has used, so the Slow cube's SQL (and its cache key) is new. */
export function freshMarker(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
