#!/usr/bin/env node
/**
 * ResultSet benchmark: medians of tablePivot, chartPivot, pivot and series for cube-client and
 * @cubejs-client/core on the same generated response, and the speed-up.
 *
 *   node bench/resultset.mjs                 # 20,000 and 100,000 rows, prints a table
 *   node bench/resultset.mjs --sizes 5000    # other sizes
 *
 * Our source is compiled from src/result/ with esbuild into .tmp/ (no `npm run build` needed).
 * `benchResultSet({ sizes })` returns the rows for `npm run bench`.
 */
import { mulberry32 } from './lib/prng.mjs';
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const METHODS = ['tablePivot', 'chartPivot', 'pivot', 'series'];

/** Compiles src/result/ResultSet.ts to .tmp/resultset-bench/ and imports it. */
async function loadOurs() {
  const outdir = join(root, '.tmp', 'resultset-bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'ResultSet.mjs');
  await build({
    entryPoints: [join(root, 'src/result/ResultSet.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile,
    logLevel: 'error',
  });
  return (await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`)).ResultSet;
}

/**
 * A `/load` response shaped like a dashboard query: one day-grained time dimension, a string
 * dimension with 5 values and two measures sent as strings, as Cube sends them (10 series; rows
 * span as many days as needed, with a few days missing so the time axis has gaps to fill).
 */
export function resultSetBenchResponse(rows, seed = 1) {
  const random = mulberry32(seed); // the same data on every run
  const statuses = ['completed', 'shipped', 'processing', 'returned', 'cancelled'];
  const start = Date.UTC(2000, 0, 1);
  const day = (i) => new Date(start + i * 86400000).toISOString().slice(0, 23);
  const data = [];
  let d = 0;
  for (; data.length < rows; d++) {
    if (d % 97 === 13) continue;
    for (const status of statuses) {
      if (data.length === rows) break;
      data.push({
        'Orders.createdAt.day': day(d),
        'Orders.createdAt': day(d),
        'Orders.status': status,
        'Orders.count': String(Math.floor(random() * 1000)),
        'Orders.total': (Math.floor(random() * 1e6) / 100).toFixed(2),
      });
    }
  }
  const days = d;
  const query = {
    measures: ['Orders.count', 'Orders.total'],
    dimensions: ['Orders.status'],
    timeDimensions: [
      {
        dimension: 'Orders.createdAt',
        granularity: 'day',
        dateRange: [day(0).slice(0, 10), day(days - 1).slice(0, 10)],
      },
    ],
    timezone: 'UTC',
  };
  const a = (title, shortTitle, type) => ({ title, shortTitle, type });
  return {
    queryType: 'regularQuery',
    pivotQuery: { ...query, queryType: 'regularQuery' },
    slowQuery: false,
    results: [
      {
        query,
        data,
        annotation: {
          measures: {
            'Orders.count': a('Orders Count', 'Count', 'number'),
            'Orders.total': a('Orders Total', 'Total', 'number'),
          },
          dimensions: { 'Orders.status': a('Orders Status', 'Status', 'string') },
          segments: {},
          timeDimensions: {
            'Orders.createdAt': a('Orders Created at', 'Created at', 'time'),
            'Orders.createdAt.day': a('Orders Created at', 'Created at', 'time'),
          },
        },
      },
    ],
  };
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// A full GC before each sample, so one library's garbage is not collected on the other's clock.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');

/** Times `new ResultSet(response)[method]()` (a fresh instance each run: no cache carries over). */
function time(ResultSetClass, response, method, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    collect();
    const t = performance.now();
    new ResultSetClass(response)[method]();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

/**
 * Runs the benchmark.
 * @param {{ sizes?: number[], runs?: (rows: number, lib: 'ours' | 'published', method: string) => number }} [options]
 * @returns {Promise<Array<{ rows: number, method: string, oursMs: number, publishedMs: number, ratio: number }>>}
 */
export async function benchResultSet({ sizes = [20000, 100000], runs } = {}) {
  const Ours = await loadOurs();
  const { ResultSet: Published } = await import('@cubejs-client/core');
  // Slow published calls on big inputs get fewer runs, so the whole bench stays around a minute.
  const runsFor =
    runs ??
    ((rows, lib, method) =>
      lib === 'ours' ? 21 : rows > 50000 ? (method === 'series' ? 1 : 3) : method === 'series' ? 3 : 7);
  const out = [];
  for (const rows of sizes) {
    const response = resultSetBenchResponse(rows);
    for (const method of METHODS) {
      // Untimed calls warm up the JIT (a few for ours: it is cheap); both sides must agree on the size of the output.
      let a = 0;
      for (let i = 0; i < 5; i++) a = new Ours(response)[method]().length;
      const oursMs = time(Ours, response, method, runsFor(rows, 'ours', method));
      const b = new Published(response)[method]().length;
      const publishedMs = time(Published, response, method, runsFor(rows, 'published', method));
      if (a !== b) throw new Error(`${method}: ${a} rows vs ${b} published`);
      out.push({ rows, method, oursMs, publishedMs, ratio: publishedMs / oursMs });
    }
  }
  return out;
}

/** Formats the rows as a Markdown table. */
export function formatResultSetBench(rows) {
  const lines = [
    '| rows | method | cube-client (ms) | @cubejs-client/core (ms) | speed-up |',
    '|---:|---|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.rows.toLocaleString('en-US')} | ${r.method} | ${r.oursMs.toFixed(1)} | ${r.publishedMs.toFixed(1)} | ${r.ratio.toFixed(1)}× |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const at = process.argv.indexOf('--sizes');
  const sizes = at > 0 ? process.argv[at + 1].split(',').map(Number) : undefined;
  const started = performance.now();
  const rows = await benchResultSet({ sizes });
  console.log(formatResultSetBench(rows));
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s, node ${process.version})`);
}
