// Bodies and tokens shared by the loopback server, the bench and the simulation.

const STATUSES = ['completed', 'processing', 'shipped', 'cancelled'];

/** A `/load` body in Cube's multi-query format with `rows` rows of three members. */
export function loadResponse(rows) {
  const query = {
    measures: ['Orders.count'],
    dimensions: ['Orders.status'],
    timeDimensions: [{ dimension: 'Orders.createdAt', granularity: 'day' }],
    limit: rows,
    timezone: 'UTC',
    filters: [],
    order: [],
  };
  const data = [];
  for (let i = 0; i < rows; i += 1) {
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / STATUSES.length) * 86_400_000)
      .toISOString()
      .slice(0, 23);
    data.push({
      'Orders.status': STATUSES[i % STATUSES.length],
      'Orders.createdAt.day': day,
      'Orders.createdAt': day,
      'Orders.count': String((i * 7919) % 1000),
    });
  }
  return {
    queryType: 'regularQuery',
    results: [
      {
        query,
        lastRefreshTime: '2024-06-01T00:00:00.000Z',
        data,
        annotation: {
          measures: { 'Orders.count': { title: 'Orders Count', shortTitle: 'Count', type: 'number' } },
          dimensions: { 'Orders.status': { title: 'Orders Status', shortTitle: 'Status', type: 'string' } },
          segments: {},
          timeDimensions: {
            'Orders.createdAt.day': { title: 'Orders Created at', shortTitle: 'Created at', type: 'time' },
            'Orders.createdAt': { title: 'Orders Created at', shortTitle: 'Created at', type: 'time' },
          },
        },
        dataSource: 'default',
        dbType: 'postgres',
        external: false,
        slowQuery: false,
      },
    ],
    pivotQuery: { ...query, queryType: 'regularQuery' },
    slowQuery: false,
  };
}

/** The query both clients send; the server ignores it and answers its configured body. */
export const benchQuery = {
  measures: ['Orders.count'],
  dimensions: ['Orders.status'],
  timeDimensions: [{ dimension: 'Orders.createdAt', granularity: 'day' }],
};

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = base64url({ alg: 'HS256', typ: 'JWT' });

/**
 * A JWT-shaped token with `iat`, `exp` (seconds) and a `gen` claim the fake servers use to revoke
 * every older token at once. Unsigned: the fakes only read the claims, as the client does.
 */
export function makeToken({ iat, lifetime, gen = 0, user = 0 }) {
  return `${HEADER}.${base64url({ iat, exp: iat + lifetime, gen, user })}.sig`;
}

/** The claims of a token made by {@link makeToken}, or undefined for anything else. */
export function readClaims(token) {
  const payload = typeof token === 'string' ? token.split('.')[1] : undefined;
  if (!payload) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
