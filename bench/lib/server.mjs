// The loopback Cube API of the bench, run as a child process (`fork`) so that serving replies
// does not compete with the clients for the parent's event loop. It answers every `/load` with a
// prebuilt body and rejects tokens the way Cube does: 403 {"error":"Invalid token"}.
import { createServer } from 'node:http';
import { loadResponse, readClaims } from './fixtures.mjs';

const bodies = new Map();
const bodyFor = (rows) => {
  if (!bodies.has(rows)) bodies.set(rows, Buffer.from(JSON.stringify(loadResponse(rows))));
  return bodies.get(rows);
};
const invalid = Buffer.from(JSON.stringify({ error: 'Invalid token' }));

let config = { rows: 1000, minGen: 0, checkTokens: false };
let stats = { requests: 0, rejected: 0 };

function accepted(authorization) {
  if (!config.checkTokens) return true;
  const claims = readClaims(authorization);
  return claims !== undefined && claims.exp * 1000 > Date.now() && claims.gen >= config.minGen;
}

const server = createServer((request, response) => {
  stats.requests += 1;
  if (!accepted(request.headers.authorization)) {
    stats.rejected += 1;
    response.writeHead(403, { 'Content-Type': 'application/json', 'Content-Length': invalid.length });
    response.end(invalid);
    return;
  }
  const body = bodyFor(config.rows);
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 60_000;

process.on('message', (message) => {
  if (message.type === 'config') {
    config = { ...config, ...message.config };
    bodyFor(config.rows);
    process.send({ type: 'ok' });
  } else if (message.type === 'stats') {
    process.send({ type: 'stats', stats });
    stats = { requests: 0, rejected: 0 };
  }
});
// The parent going away must not leave a server behind.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'listening', port: server.address().port });
});
