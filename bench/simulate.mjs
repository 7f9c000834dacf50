#!/usr/bin/env node
// `npm run simulate`: a fleet of real clients (compiled from src/) on a virtual clock, against
// in-process fakes of a token route and a Cube API that count requests per simulated second.
// Each scenario runs twice with the same user behaviour: once with jitter (a seeded random
// source) and once with jitter off (every client draws the same constant), so the table shows
// what the jitter alone changes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadOwnClient, root } from './lib/build.mjs';
import { makeToken, readClaims } from './lib/fixtures.mjs';
import { mulberry32 } from './lib/prng.mjs';
import { VirtualClock } from './lib/virtualClock.mjs';
import { runWebSocketFleet } from './lib/wsFleet.mjs';

const EPOCH = Date.UTC(2025, 0, 1);
const API_URL = 'https://cube.example.test/cubejs-api/v1';
const TOKEN_URL = 'https://app.example.test/auth/cubejs-token';
const TOKEN_LIFETIME_S = 15 * 60;
const TOKEN_ROUTE_LATENCY_MS = 80;
const CUBE_LATENCY_MS = 40;
const QUERY = { measures: ['Orders.count'] };
/** "Jitter off": the largest number below 1, so every backoff is its full exponential value. */
const NO_JITTER = 1 - 2 ** -53;

const CUBE_BODY = JSON.stringify({
  queryType: 'regularQuery',
  results: [
    {
      query: QUERY,
      data: [{ 'Orders.count': '42' }],
      annotation: {
        measures: { 'Orders.count': { title: 'Orders Count', shortTitle: 'Count', type: 'number' } },
        dimensions: {},
        segments: {},
        timeDimensions: {},
      },
    },
  ],
});

/**
 * The scenarios. Times are virtual seconds. Every client loads once at t = 0 (a login wave: every
 * token is issued in that second) and then queries at random, on average every `thinkS` seconds.
 */
export const SCENARIOS = [
  {
    key: 'sync',
    title: 'tokens issued at t=0, on-demand refresh',
    horizonS: 1000,
  },
  {
    key: 'syncTimer',
    title: 'tokens issued at t=0, backgroundRefresh',
    horizonS: 1000,
    clientOptions: { backgroundRefresh: true },
  },
  {
    key: 'tokenOutage',
    title: 'token route down 800-920 s',
    horizonS: 1000,
    tokenDown: [800, 920],
  },
  {
    key: 'cube503',
    title: 'Cube 503 for 300-360 s',
    horizonS: 420,
    cubeDown: [300, 360],
  },
  {
    key: 'clockJump',
    title: 'clock jump (±1 h) on 10% at 300 s',
    horizonS: 1000,
    clockJump: { atS: 300, share: 0.1, byMs: 3_600_000 },
  },
];

const fakeResponse = (status, body, headers = {}) => ({
  status,
  ok: status >= 200 && status < 300,
  headers: { get: (name) => headers[name.toLowerCase()] ?? null },
  text: () => Promise.resolve(body),
});

/** Runs one scenario once; returns the per-second counts and the failed user queries. */
async function runScenario(cubejs, scenario, { clients, thinkS, seed, jitter }) {
  const clock = new VirtualClock();
  const horizonMs = scenario.horizonS * 1000;
  const seconds = scenario.horizonS + 1;
  const tokenPerS = new Uint32Array(seconds);
  const cubePerS = new Uint32Array(seconds);
  const rejectedPerS = new Uint32Array(seconds);
  const inWindow = (window) => window && clock.now >= window[0] * 1000 && clock.now < window[1] * 1000;
  const trueNow = () => EPOCH + clock.now;
  const users = mulberry32(seed);
  const jitterRandom = jitter ? mulberry32(seed ^ 0x9e3779b9) : () => NO_JITTER;
  const skew = new Float64Array(clients);
  /** True expiry (ms) of the last token the route issued to each client. */
  const issuedExpiry = new Float64Array(clients);
  const expiryOf = new Map();
  const failures = {
    total: 0,
    tokenDownValidToken: 0,
    tokenDownExpiredToken: 0,
    cube: 0,
    other: 0,
    codes: {},
  };

  const later = (ms, response) => new Promise((resolve) => clock.schedule(ms, resolve, [response]));

  function tokenRoute(client) {
    tokenPerS[Math.floor(clock.now / 1000)] += 1;
    if (inWindow(scenario.tokenDown)) return later(TOKEN_ROUTE_LATENCY_MS, fakeResponse(503, 'down'));
    const iat = Math.floor(trueNow() / 1000);
    const token = makeToken({ iat, lifetime: TOKEN_LIFETIME_S, user: client });
    issuedExpiry[client] = (iat + TOKEN_LIFETIME_S) * 1000;
    return later(TOKEN_ROUTE_LATENCY_MS, fakeResponse(200, JSON.stringify({ token })));
  }

  function cubeApi(init) {
    cubePerS[Math.floor(clock.now / 1000)] += 1;
    const token = init.headers.Authorization;
    let expiry = expiryOf.get(token);
    if (expiry === undefined) {
      expiry = (readClaims(token)?.exp ?? 0) * 1000;
      expiryOf.set(token, expiry);
    }
    // Cube checks `exp` against its own (true) clock and answers a stale token with a 403.
    if (expiry <= trueNow()) {
      rejectedPerS[Math.floor(clock.now / 1000)] += 1;
      return later(CUBE_LATENCY_MS, fakeResponse(403, '{"error":"Invalid token"}'));
    }
    if (inWindow(scenario.cubeDown))
      return later(CUBE_LATENCY_MS, fakeResponse(503, '{"error":"Unavailable"}'));
    return later(CUBE_LATENCY_MS, fakeResponse(200, CUBE_BODY));
  }

  const fleet = [];
  for (let i = 0; i < clients; i += 1) {
    const fetch = (url, init) => (url === TOKEN_URL ? tokenRoute(i) : cubeApi(init));
    const { fetchCubeToken } = cubejs;
    fleet.push(
      cubejs.cubejs(fetchCubeToken(TOKEN_URL, { fetch }), {
        apiUrl: API_URL,
        fetch,
        random: jitterRandom,
        now: () => EPOCH + clock.now + skew[i],
        ...scenario.clientOptions,
      }),
    );
  }

  function query(i) {
    const startedAt = clock.now;
    const validAtStart = issuedExpiry[i] > trueNow();
    const tokenWasDown = inWindow(scenario.tokenDown);
    fleet[i].load(QUERY).catch((error) => {
      failures.total += 1;
      failures.codes[error.code] = (failures.codes[error.code] ?? 0) + 1;
      if (error.name === 'TokenError' && (tokenWasDown || inWindow(scenario.tokenDown))) {
        if (validAtStart) failures.tokenDownValidToken += 1;
        else failures.tokenDownExpiredToken += 1;
      } else if (error.status === 503) failures.cube += 1;
      else failures.other += 1;
      failures.lastAt = startedAt;
    });
    const next = -Math.log(1 - users()) * thinkS * 1000;
    if (clock.now + next <= horizonMs) clock.schedule(next, query, [i]);
  }

  if (scenario.clockJump) {
    const { atS, share, byMs } = scenario.clockJump;
    const jumped = Math.round(clients * share);
    clock.schedule(atS * 1000, () => {
      // Half jump forward, half back: the two ways a wrong clock can hurt.
      for (let i = 0; i < jumped; i += 1) skew[i] = i % 2 ? -byMs : byMs;
    });
  }

  clock.install();
  const started = performance.now();
  try {
    for (let i = 0; i < clients; i += 1) query(i);
    await clock.runUntil(horizonMs);
    // Let the last queries finish (they may be in a backoff or waiting for a token).
    await clock.runUntil(horizonMs + 60_000);
  } finally {
    clock.uninstall();
  }
  return {
    tokenPerS: Array.from(tokenPerS),
    cubePerS: Array.from(cubePerS),
    rejected: rejectedPerS.reduce((a, b) => a + b, 0),
    failures,
    realMs: performance.now() - started,
    clients,
  };
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
const peak = (values) => Math.max(0, ...values);

/** The seconds holding the middle 90% of `perS`'s requests: the wave without its thin tails. */
function waveWindow(perS, from) {
  const total = sum(perS.slice(from));
  let seen = 0;
  let start;
  let end;
  for (let s = from; s < perS.length; s += 1) {
    seen += perS[s];
    if (start === undefined && seen > total * 0.05) start = s;
    if (end === undefined && seen >= total * 0.95) end = s;
  }
  return [start ?? from, (end ?? perS.length - 1) + 1];
}

/** The numbers the table and the goals are made of. Second 0 (the login wave) is the premise, left out. */
function summarize(scenario, run) {
  const token = run.tokenPerS.slice(1, scenario.horizonS);
  const cube = run.cubePerS.slice(1, scenario.horizonS);
  const result = {
    token: { peak: peak(token), mean: sum(token) / token.length },
    cube: { peak: peak(cube), mean: sum(cube) / cube.length },
    rejected403: run.rejected,
    failures: run.failures,
    realMs: Math.round(run.realMs),
  };
  result.token.peakToMean = result.token.peak / result.token.mean;
  result.cube.peakToMean = result.cube.peak / result.cube.mean;
  if (scenario.key === 'sync' || scenario.key === 'syncTimer') {
    const [from, to] = waveWindow(run.tokenPerS, 1);
    const wave = run.tokenPerS.slice(from, to);
    result.refreshWave = { fromS: from, toS: to, peak: peak(wave), mean: sum(wave) / wave.length };
    result.refreshWave.peakToMean = result.refreshWave.peak / result.refreshWave.mean;
  }
  if (scenario.cubeDown) {
    const [down, up] = scenario.cubeDown;
    const steady = run.cubePerS.slice(down - 60, down);
    const after = run.cubePerS.slice(up, up + 30);
    const during = run.cubePerS.slice(down, up);
    result.recovery = {
      steadyMean: sum(steady) / steady.length,
      duringPeak: peak(during),
      afterPeak: peak(after),
    };
    result.recovery.ratio = result.recovery.afterPeak / result.recovery.steadyMean;
  }
  if (scenario.tokenDown) {
    const [down, up] = scenario.tokenDown;
    const during = run.tokenPerS.slice(down, up);
    const after = run.tokenPerS.slice(up, up + 30);
    result.tokenOutage = {
      // Every client needs one token per lifetime: the route's average load, whatever the timing.
      fleetNeedPerS: run.clients / TOKEN_LIFETIME_S,
      duringPeak: peak(during),
      duringTotal: sum(during),
      afterPeak: peak(after),
    };
    result.tokenOutage.recoveryRatio = result.tokenOutage.afterPeak / result.tokenOutage.fleetNeedPerS;
  }
  return result;
}

export async function runFleet({ clients = 5000, thinkS = 60, seed = 42, only } = {}) {
  const cubejs = await loadOwnClient();
  const results = {};
  for (const scenario of SCENARIOS) {
    if (only && !only.includes(scenario.key)) continue;
    results[scenario.key] = { title: scenario.title };
    for (const jitter of [true, false]) {
      const run = await runScenario(cubejs, scenario, { clients, thinkS, seed, jitter });
      results[scenario.key][jitter ? 'jitter' : 'noJitter'] = summarize(scenario, run);
    }
  }
  const webSocket =
    !only || only.includes('ws')
      ? {
          jitter: await runWebSocketFleet({ clients, seed, jitter: true }),
          noJitter: await runWebSocketFleet({ clients, seed, jitter: false }),
        }
      : undefined;
  return { clients, thinkS, seed, tokenLifetimeS: TOKEN_LIFETIME_S, scenarios: results, webSocket };
}

/** The goals, each with whether it holds; judged on the runs with jitter (the default). */
export function fleetGoals(fleet) {
  const goals = [];
  const s = fleet.scenarios;
  for (const key of ['sync', 'syncTimer']) {
    if (!s[key]) continue;
    const wave = s[key].jitter.refreshWave;
    goals.push({
      name: `fleet: token-route refresh peak <= 3x mean (${s[key].title})`,
      value: `${wave.peakToMean.toFixed(2)}x`,
      ok: wave.peakToMean <= 3,
    });
  }
  if (s.cube503) {
    const { ratio } = s.cube503.jitter.recovery;
    goals.push({
      name: 'fleet: Cube recovery spike <= 3x steady load',
      value: `${ratio.toFixed(2)}x`,
      ok: ratio <= 3,
    });
  }
  if (s.tokenOutage) {
    const failed = s.tokenOutage.jitter.failures.tokenDownValidToken;
    goals.push({
      name: 'fleet: no query fails from the token-route outage while its cached token was valid',
      value: String(failed),
      ok: failed === 0,
    });
  }
  if (fleet.webSocket) {
    const { ratio, resumed, clients } = fleet.webSocket.jitter;
    goals.push({
      name: 'fleet: WebSocket reconnect attempts after a Cube restart <= 3x the steady connection rate, all resumed',
      value: `${ratio.toFixed(2)}x, ${resumed}/${clients} resumed`,
      ok: ratio <= 3 && resumed === clients,
    });
  }
  return goals;
}

/** The WebSocket scenario's lines of the table. */
function formatWebSocketFleet(webSocket) {
  const { clients, steadyPerS, downS } = webSocket.jitter;
  return [
    '',
    `WebSocket: ${clients} subscribed clients connect at ${steadyPerS}/s, Cube restarts (down ${downS[0]}-${downS[1]} s)`,
    ...['jitter', 'noJitter'].map((mode) => {
      const r = webSocket[mode];
      return (
        `  jitter ${mode === 'jitter' ? 'on ' : 'off'}: reconnect peak ${r.peakPerS}/s = ${fixed(r.ratio, 2)}x steady, ` +
        `${r.attemptsAfterRestart} attempts, ${r.resumed}/${r.clients} resumed, last ${fixed(r.lastResumeS)} s after Cube was back`
      );
    }),
  ];
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** The simulation table, as printed. */
export function formatFleet(fleet) {
  const header = [
    'scenario',
    'jitter',
    'token peak/s',
    'token mean/s',
    'token p/m',
    'cube peak/s',
    'cube mean/s',
    'cube p/m',
    '403s',
    'failed',
    'scenario goal metric',
  ];
  const rows = [];
  for (const [key, entry] of Object.entries(fleet.scenarios)) {
    for (const mode of ['jitter', 'noJitter']) {
      const r = entry[mode];
      let metric = '';
      if (r.refreshWave) {
        const w = r.refreshWave;
        metric = `refresh wave ${w.fromS}-${w.toS}s: peak ${w.peak}, mean ${fixed(w.mean)}, ${fixed(w.peakToMean, 2)}x`;
      } else if (r.recovery) {
        const c = r.recovery;
        metric = `steady ${fixed(c.steadyMean)}/s, during ${c.duringPeak}, after ${c.afterPeak} (${fixed(c.ratio, 2)}x)`;
      } else if (r.tokenOutage) {
        const t = r.tokenOutage;
        metric =
          `failed w/ valid token ${r.failures.tokenDownValidToken}, w/ expired ${r.failures.tokenDownExpiredToken}; ` +
          `route hit ${t.duringTotal}x while down (peak ${t.duringPeak}/s); after: ${t.afterPeak}/s = ${fixed(t.recoveryRatio)}x the fleet's need of ${fixed(t.fleetNeedPerS)}/s`;
      } else if (key === 'clockJump') {
        metric = `failed ${r.failures.total}, 403s ${r.rejected403}`;
      }
      rows.push([
        entry.title,
        mode === 'jitter' ? 'on' : 'off',
        String(r.token.peak),
        fixed(r.token.mean),
        fixed(r.token.peakToMean),
        String(r.cube.peak),
        fixed(r.cube.mean),
        fixed(r.cube.peakToMean),
        String(r.rejected403),
        String(r.failures.total),
        metric,
      ]);
    }
  }
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (i < 2 || i === cells.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
  return [
    `Fleet: ${fleet.clients} clients, token lifetime ${fleet.tokenLifetimeS} s, a query every ${fleet.thinkS} s on average per client (seed ${fleet.seed}); per simulated second, second 0 (login wave) excluded`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(fleet.webSocket ? formatWebSocketFleet(fleet.webSocket) : []),
  ].join('\n');
}

function argValue(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const fleet = await runFleet({
    clients: Number(argValue('clients', 5000)),
    thinkS: Number(argValue('think', 60)),
    seed: Number(argValue('seed', 42)),
    only: argValue('only')?.split(','),
  });
  console.log(formatFleet(fleet));
  const goals = fleetGoals(fleet);
  console.log('');
  for (const goal of goals) console.log(`${goal.ok ? 'PASS' : 'MISS'}  ${goal.name}: ${goal.value}`);
  console.log(`\nsimulated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  writeFileSync(`${root}.tmp/simulate.json`, JSON.stringify(fleet, null, 2));
  if (process.argv.includes('--check') && goals.some((goal) => !goal.ok)) process.exit(1);
}
