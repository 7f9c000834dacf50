// Starts a real Cube API server for cube-client's end-to-end tests, on loopback only.
//
//   node server.js [--port 4000] [--dev]
//
// Database settings come from the usual CUBEJS_DB_* variables and the secret from
// CUBEJS_API_SECRET; the harness (../harness.mjs) sets them. Everything else that matters for
// the tests is fixed here so a test run never depends on the caller's environment.
'use strict';

const path = require('node:path');
const http = require('node:http');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

const devMode = flag('--dev') || process.env.CUBE_E2E_DEV_MODE === 'true';
const port = Number(option('--port', process.env.PORT || '4000'));

// Cube decides between dev and production behaviour from NODE_ENV as well as
// CUBEJS_DEV_MODE: without NODE_ENV=production it skips token verification entirely, which
// would make every auth test pass for the wrong reason.
process.env.NODE_ENV = devMode ? 'development' : 'production';
process.env.CUBEJS_DEV_MODE = devMode ? 'true' : 'false';
process.env.CUBEJS_DB_TYPE = 'postgres';
process.env.CUBEJS_CACHE_AND_QUEUE_DRIVER = 'memory';
process.env.CUBEJS_TELEMETRY = 'false';
process.env.CUBEJS_LOG_LEVEL = process.env.CUBEJS_LOG_LEVEL || 'warn';
if (devMode) {
  // With CUBEJS_DEV_MODE=true Cube wants Cube Store for pre-aggregations and downloads its
  // binary on first use, which cannot work offline. Pointing the "external" database at the
  // same PostgreSQL keeps dev mode self-contained; the tests use no pre-aggregations anyway.
  process.env.CUBEJS_EXT_DB_TYPE = 'postgres';
  for (const key of ['HOST', 'PORT', 'NAME', 'USER', 'PASS']) {
    if (process.env[`CUBEJS_DB_${key}`] !== undefined) {
      process.env[`CUBEJS_EXT_DB_${key}`] = process.env[`CUBEJS_DB_${key}`];
    }
  }
}
// Dev mode reads PORT to print its playground address; keep it truthful.
process.env.PORT = String(port);
// Cube resolves the model folder and its .env against the working directory.
process.chdir(__dirname);

if (!process.env.CUBEJS_API_SECRET) {
  console.error('CUBEJS_API_SECRET must be set');
  process.exit(2);
}

const express = require('express');
const cors = require('cors');
const bodyParser = require('body-parser');
const CubejsServerCore = require('@cubejs-backend/server-core');

// Only pages served from this machine may call the test server from a browser.
const loopbackOrigin = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/**
 * The security context reaches the data through this rewrite: a token carrying
 * `{ tenant: 'acme' }` only ever sees acme's orders. Queries that do not touch Orders are left
 * alone, so the slow cube works with any token.
 */
function queryRewrite(query, { securityContext }) {
  const tenant = securityContext && securityContext.tenant;
  const members = [
    ...(query.measures || []),
    ...(query.dimensions || []),
    ...(query.timeDimensions || []).map((td) => td.dimension),
    ...(query.segments || []),
  ];
  if (!tenant || !members.some((m) => String(m).startsWith('Orders.'))) return query;
  return {
    ...query,
    filters: [
      ...(query.filters || []),
      { member: 'Orders.tenant', operator: 'equals', values: [String(tenant)] },
    ],
  };
}

async function main() {
  const core = new CubejsServerCore({
    apiSecret: process.env.CUBEJS_API_SECRET,
    dbType: 'postgres',
    schemaPath: 'model',
    devServer: devMode,
    telemetry: false,
    queryRewrite,
    // One second is the shortest wait the orchestrator supports; with the pg_sleep cube it
    // turns a single load into several "Continue wait" round trips.
    orchestratorOptions: { continueWaitTimeout: 1 },
  });

  const app = express();
  app.use(
    cors({
      origin: (origin, done) => done(null, !origin || loopbackOrigin.test(origin)),
      allowedHeaders: 'authorization,content-type,x-request-id',
    }),
  );
  app.use(bodyParser.json({ limit: '10mb' }));
  await core.initApp(app);

  const server = http.createServer(app);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  // Cube's `webSockets` option only acts in CubejsServer.listen(), which binds every interface;
  // its WebSocket server attached to this loopback server is the same code on the same port.
  const { WebSocketServer } = require('@cubejs-backend/server/dist/src/websocket-server');
  const sockets = new WebSocketServer(core, {
    // Subscriptions re-run every second (Cube's default is 5 s) so pushes arrive promptly.
    processSubscriptionsInterval: Number(process.env.CUBE_E2E_SUBSCRIPTIONS_INTERVAL || 1000),
  });
  sockets.initServer(server);
  console.log(
    `cube e2e server listening on http://127.0.0.1:${port} (${devMode ? 'dev' : 'production'} mode)`,
  );

  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections?.();
    server.close();
    sockets.close().catch(() => undefined);
    // Cube keeps interval timers alive; releasing connections is all that matters here.
    Promise.resolve(core.releaseConnections?.())
      .catch(() => undefined)
      .finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 2000).unref();
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  // The harness keeps our stdin open; when it dies, however it dies, stdin ends and this
  // server must not outlive it.
  if (!process.stdin.isTTY) {
    process.stdin.on('end', () => stop(0));
    process.stdin.on('error', () => stop(0));
    process.stdin.resume();
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
