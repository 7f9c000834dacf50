// The WebSocket scenario of `npm run simulate`: a fleet of real WebSocketTransports (compiled
// from src/ws/) on the virtual clock, against an in-process fake of Cube's WebSocket server that
// counts connection attempts per simulated second. The fleet connects at a steady rate, then Cube
// restarts (every socket drops at once, new connections are refused while it is down).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { root } from './build.mjs';
import { mulberry32 } from './prng.mjs';
import { VirtualClock } from './virtualClock.mjs';

const LATENCY_MS = 20;
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** Builds `src/ws/index.ts` as one Node ESM file and returns its module namespace. */
async function loadOwnWebSocketTransport() {
  const outfile = `${root}.tmp/bench/cube-client-ws.mjs`;
  mkdirSync(`${root}.tmp/bench`, { recursive: true });
  await build({
    entryPoints: [`${root}src/ws/index.ts`],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    logLevel: 'silent',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/** A fake Cube WebSocket server and the socket class that connects to it, both on `clock`. */
function fakeCube(clock, attemptsPerS) {
  const sockets = new Set();
  const cube = { up: true, sockets };
  const later = (fn) => clock.schedule(LATENCY_MS, fn);
  const closeSocket = (socket) => {
    if (socket.readyState === CLOSED) return;
    socket.readyState = CLOSED;
    sockets.delete(socket);
    socket.onclose?.({ code: 1006 });
  };
  class FakeSocket {
    readyState = CONNECTING;
    onopen = null;
    onmessage = null;
    onclose = null;
    onerror = null;
    constructor() {
      attemptsPerS[Math.floor(clock.now / 1000)] += 1;
      later(() => {
        if (this.readyState !== CONNECTING) return;
        if (!cube.up) {
          this.onerror?.({});
          return closeSocket(this);
        }
        this.readyState = OPEN;
        sockets.add(this);
        this.onopen?.({});
      });
    }
    send(data) {
      const frame = JSON.parse(data);
      const reply = (message) =>
        later(() => this.readyState === OPEN && this.onmessage?.({ data: JSON.stringify(message) }));
      if (frame.authorization) return reply({ handshake: true });
      if (frame.unsubscribe) return;
      reply({
        messageId: frame.messageId,
        message: { results: [{ data: [{ 'Live.count': '1' }] }] },
        status: 200,
      });
      reply({ messageProcessedId: frame.messageId });
    }
    close() {
      later(() => closeSocket(this));
    }
  }
  cube.restart = () => {
    cube.up = false;
    for (const socket of [...sockets]) closeSocket(socket);
  };
  return { cube, FakeSocket };
}

/** One run: `clients` connect over `rampS` seconds, Cube is down from `downS[0]` to `downS[1]`. */
export async function runWebSocketFleet({
  clients = 5000,
  rampS = 10,
  downS = [60, 70],
  horizonS = 180,
  seed = 42,
  jitter = true,
} = {}) {
  const { WebSocketTransport } = await loadOwnWebSocketTransport();
  const clock = new VirtualClock();
  const attemptsPerS = new Uint32Array(horizonS + 1);
  const { cube, FakeSocket } = fakeCube(clock, attemptsPerS);
  const random = jitter ? mulberry32(seed) : () => 1 - 2 ** -53;
  const resumedAt = new Float64Array(clients);
  const transports = [];
  const join = (i) => {
    const transport = new WebSocketTransport({
      apiUrl: 'ws://cube.test/',
      WebSocket: FakeSocket,
      authorization: 'token',
      random,
    });
    transports.push(transport);
    void transport
      .request('subscribe', { query: { measures: ['Live.count'] } })
      .subscribe(function onPush(_reply, next) {
        if (!resumedAt[i] && cube.up && clock.now >= downS[1] * 1000) resumedAt[i] = clock.now;
        return next();
      });
  };
  clock.install();
  try {
    for (let i = 0; i < clients; i += 1) clock.schedule((i / clients) * rampS * 1000, join, [i]);
    clock.schedule(downS[0] * 1000, cube.restart);
    clock.schedule(downS[1] * 1000, () => (cube.up = true));
    await clock.runUntil(horizonS * 1000);
    for (const transport of transports) await transport.close();
    await clock.runUntil(horizonS * 1000 + 1000);
  } finally {
    clock.uninstall();
  }
  const steadyPerS = clients / rampS;
  const after = Array.from(attemptsPerS.slice(downS[0], horizonS));
  const peak = Math.max(...after);
  const resumed = resumedAt.filter((at) => at > 0).length;
  let lastResumeS = 0;
  for (const at of resumedAt) lastResumeS = Math.max(lastResumeS, at / 1000 - downS[1]);
  return {
    clients,
    steadyPerS,
    peakPerS: peak,
    ratio: peak / steadyPerS,
    attemptsAfterRestart: after.reduce((a, b) => a + b, 0),
    resumed,
    lastResumeS,
    downS,
    jitter,
  };
}
