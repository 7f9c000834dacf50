#!/usr/bin/env node
// `npm run bench`: cube-client against @cubejs-client/core in the same run on the same machine:
// bundle size, per-load overhead, token cost, ResultSet speed, memory, and the fleet simulation.
// Prints one table and writes bench/results.json. With --check, exits 1 when a goal is missed.
//
//   --check      exit non-zero when a goal is missed, listing which
//   --build      always run `npm run build` (by default only when dist/ is missing or older than src/)
//   --quick      fewer iterations, a smaller fleet: a smoke run, not numbers to quote
//   --no-fleet   skip the fleet simulation (npm run simulate runs it alone)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { bundleApp, BUDGETS, measureOwnSizes, sizes } from '../scripts/size.mjs';
import { loadOwnClient, root } from './lib/build.mjs';
import { startLoopback } from './lib/loopback.mjs';
import { measureMemory } from './memory.mjs';
import { measureOverhead } from './overhead.mjs';
import { fleetGoals, formatFleet, runFleet } from './simulate.mjs';
import { measureTokens, TOKEN_SCENARIOS } from './tokens.mjs';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const started = performance.now();
const results = { node: process.version, date: new Date().toISOString(), quick };
const goals = [];
const rows = [];
const goal = (name, value, ok) => goals.push({ name, value, ok });
const section = (title) => rows.push({ title });
const row = (metric, own, published, note = '') => rows.push({ cells: [metric, own, published, note] });
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(3)} ms`;
const pct = (ratio) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
const progress = (message) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when asked, or when it is missing or older than src/ (the UMD file is rollup's). */
function ensureBuild() {
  const umd = `${root}dist/cube-client.umd.min.js`;
  const stale = !existsSync(umd) || statSync(umd).mtimeMs < newestMtime(`${root}src`);
  if (!args.has('--build') && !stale) return true;
  progress('npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) process.stderr.write(build.stdout + build.stderr);
  return build.status === 0;
}

async function sizePart() {
  section('1. Bundle size (esbuild, browser, minified)');
  if (!ensureBuild()) {
    goal('size: npm run build', 'failed', false);
    return;
  }
  const own = await measureOwnSizes();
  const publishedApp = sizes(
    await bundleApp("import cube from '@cubejs-client/core'; globalThis.api = cube;"),
  );
  const publishedUmdCode = readFileSync(
    `${root}node_modules/@cubejs-client/core/dist/cubejs-client-core.umd.js`,
  );
  const publishedUmd = sizes(publishedUmdCode);
  results.size = {
    own: { app: own.app, appTotal: own.appTotal, umd: own.umd },
    published: { app: publishedApp, umd: publishedUmd },
  };
  const ratio = (a, b) => `${(b / a).toFixed(1)}x smaller`;
  row('app import, raw', kb(own.app.raw), kb(publishedApp.raw), ratio(own.app.raw, publishedApp.raw));
  row('app import, gzip', kb(own.app.gzip), kb(publishedApp.gzip), `goal <= ${kb(BUDGETS.app)}`);
  // Ours is the initial download of a code-split bundle; chunks fetched on first use (the SQL API's
  // line parser, tokenStorage, shareTokenAcrossTabs) come on top, so their total is shown too.
  row(
    'app import, all chunks, gzip',
    kb(own.appTotal.gzip),
    kb(publishedApp.gzip),
    'initial + fetched on first use',
  );
  row('UMD file, raw', kb(own.umd.raw), kb(publishedUmd.raw), 'published UMD is unminified');
  row('UMD file, gzip', kb(own.umd.gzip), kb(publishedUmd.gzip), `goal <= ${kb(BUDGETS.umd)}`);
  // The published UMD requires core-js, ramda, dayjs, d3-format... as globals: it does not run by
  // itself in a <script> tag, so its size is a lower bound of what a page really loads.
  row('UMD runs alone in <script>', 'yes', 'no', 'published needs core-js, ramda, dayjs, uuid globals');
  goal('size: app bundle gzip <= 7 KB', kb(own.app.gzip), own.app.gzip <= BUDGETS.app);
  goal('size: UMD gzip <= 8 KB', kb(own.umd.gzip), own.umd.gzip <= BUDGETS.umd);
}

async function overheadPart(clients, loopback) {
  progress('per-load overhead');
  const o = await measureOverhead({ ...clients, loopback, quick });
  results.overhead = o;
  section(`2. Per-load overhead (loopback HTTP, ${o.rows}-row body; median per load)`);
  const bare = (values) => `bare fetch+JSON.parse ${ms(values['bare fetch'])}`;
  for (const [label, mode] of [
    ['sequential', 'sequential'],
    ['50 concurrent', 'concurrent'],
  ]) {
    const medians = o[`${mode}Ms`];
    row(label, ms(medians['cube-client']), ms(medians['@cubejs-client/core']), bare(medians));
    row('  vs bare fetch', pct(o.ratios[mode].own), pct(o.ratios[mode].published), 'goal <= +5%');
  }
  goal(
    'overhead: sequential load within 5% of bare fetch',
    pct(o.ratios.sequential.own),
    o.ratios.sequential.own <= 1.05,
  );
  goal(
    'overhead: 50 concurrent loads within 5% of bare fetch',
    pct(o.ratios.concurrent.own),
    o.ratios.concurrent.own <= 1.05,
  );
}

async function tokenPart(clients, loopback) {
  progress('token cost');
  const t = await measureTokens({ ...clients, loopback });
  results.tokens = t;
  section(
    `3. Token cost (token function with a ${t.tokenRouteMs} ms round trip; calls / failed loads / server 403s / time)`,
  );
  const cell = (r) => `${r.tokenCalls} / ${r.failedLoads} / ${r.rejectedByServer} / ${Math.round(r.ms)} ms`;
  for (const [key, title] of Object.entries(TOKEN_SCENARIOS)) {
    row(title, cell(t.own[key]), cell(t.published[key]), 'goal: 1 call, 0 failed');
    const r = t.own[key];
    goal(
      `tokens: ${title}: exactly 1 token call, 0 failures`,
      `${r.tokenCalls} calls, ${r.failedLoads} failed`,
      r.tokenCalls === 1 && r.failedLoads === 0,
    );
  }
}

async function resultSetPart() {
  progress('ResultSet');
  section('4. ResultSet (from bench/resultset.mjs)');
  let module;
  try {
    module = await import('./resultset.mjs');
  } catch (error) {
    const missing = error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('resultset.mjs');
    row(missing ? 'not measured: bench/resultset.mjs has not landed' : `failed: ${error.message}`, '-', '-');
    results.resultSet = { error: String(error.message) };
    if (!missing) goal('ResultSet: bench/resultset.mjs runs', 'failed', false);
    return;
  }
  const run = module.default ?? Object.values(module).find((value) => typeof value === 'function');
  try {
    const outcome = await run({ quick, root });
    results.resultSet = outcome;
    const lines = outcome?.rows ?? (Array.isArray(outcome) ? outcome : []);
    for (const line of lines) {
      const speedup = line.ratio ?? line.speedup;
      row(
        `${line.method ?? line.name} (${line.rows ?? ''} rows)`,
        ms(line.oursMs),
        ms(line.publishedMs),
        speedup === undefined ? '' : `${Number(speedup).toFixed(1)}x faster, goal >= 5x`,
      );
      if (speedup !== undefined && (line.rows ?? 20_000) >= 20_000) {
        goal(
          `ResultSet: ${line.method ?? line.name} (${line.rows} rows) >= 5x faster`,
          `${Number(speedup).toFixed(1)}x`,
          speedup >= 5,
        );
      }
    }
    for (const entry of outcome?.goals ?? []) goal(`ResultSet: ${entry.name}`, entry.value, entry.ok);
    if (!lines.length && outcome?.table) rows.push({ text: outcome.table });
  } catch (error) {
    row(`failed: ${error.message}`, '-', '-');
    goal('ResultSet: bench/resultset.mjs runs', 'failed', false);
  }
}

async function memoryPart(loopback) {
  progress('memory');
  const m = await measureMemory({ loopback, loads: 10_000 });
  results.memory = m;
  section(`5. Memory (heap growth after ${m.loads.toLocaleString('en')} loads through one client, after GC)`);
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  row('heap growth', mb(m.own.growth), mb(m.published.growth), 'goal < 5 MB');
  goal('memory: heap growth after 10,000 loads < 5 MB', mb(m.own.growth), m.own.growth < 5 * 1024 * 1024);
}

async function fleetPart() {
  progress('fleet simulation');
  const fleet = await runFleet(quick ? { clients: 1000 } : {});
  results.fleet = fleet;
  for (const entry of fleetGoals(fleet)) goals.push(entry);
  return formatFleet(fleet);
}

function printTable() {
  const header = ['', 'cube-client', '@cubejs-client/core', 'note'];
  const cellRows = rows.filter((r) => r.cells).map((r) => r.cells);
  const widths = header.map((h, i) => Math.max(h.length, ...cellRows.map((cells) => cells[i].length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ');
  const out = [line(header)];
  for (const r of rows) {
    if (r.title) out.push('', r.title);
    else if (r.text) out.push(r.text);
    else out.push(line(r.cells));
  }
  console.log(out.join('\n'));
}

const own = await loadOwnClient();
const published = (await import('@cubejs-client/core')).default;
const clients = { ownClient: own.default, publishedClient: published };
const loopback = await startLoopback();
let fleetTable;
try {
  await sizePart();
  await overheadPart(clients, loopback);
  await tokenPart(clients, loopback);
  await resultSetPart();
  await memoryPart(loopback);
} finally {
  loopback.stop();
}
if (!args.has('--no-fleet')) fleetTable = await fleetPart();

printTable();
if (fleetTable) console.log(`\n6. Fleet simulation (npm run simulate)\n${fleetTable}`);
console.log('\nGoals:');
for (const g of goals) console.log(`  ${g.ok ? 'PASS' : 'MISS'}  ${g.name}: ${g.value}`);
const seconds = (performance.now() - started) / 1000;
console.log(
  `\nbench finished in ${seconds.toFixed(0)} s (node ${process.version}${quick ? ', --quick' : ''})`,
);
results.goals = goals;
results.seconds = seconds;
writeFileSync(`${root}bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);

const missed = goals.filter((g) => !g.ok);
if (args.has('--check') && missed.length) {
  console.error(`\nbench:check: ${missed.length} goal(s) missed:`);
  for (const g of missed) console.error(`  - ${g.name} (${g.value})`);
  process.exit(1);
}
