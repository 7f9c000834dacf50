/**
 * Dates are formatted in the host's time zone, as the published formatter does. This suite
 * bundles tz-child.ts and runs the time-sensitive generated calls in child processes under zones
 * with DST (New York, Berlin), a half-hour offset (Kolkata), a half-hour DST shift (Lord Howe) and
 * clock changes at midnight (São Paulo until 2019), where a day starts at 01:00.
 */
import { spawnSync } from 'node:child_process';
import { bundleChildScript } from '../support/nodeChild';
import { yearBoundaryCases } from './cases';
import { SCALE } from './settings';

interface Report {
  offsetJan: number;
  cases: number;
  outputs: string;
  differences: string[];
}

const ZONES = {
  UTC: 0,
  'America/New_York': 300,
  'Europe/Berlin': -60,
  'Asia/Kolkata': -330,
  'Australia/Lord_Howe': -660,
  'America/Sao_Paulo': 180,
};
const RUNS = Math.round(1500 * SCALE);
const reports: Record<string, Report> = {};

beforeAll(async () => {
  const outfile = await bundleChildScript('test/format/tz-child.ts', 'format-tz', [
    '@cubejs-client/core',
    'd3-format',
    'd3-time-format',
  ]);
  for (const tz of Object.keys(ZONES)) {
    const run = spawnSync(process.execPath, [outfile, String(RUNS)], {
      env: { ...process.env, TZ: tz, NODE_OPTIONS: '' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`TZ=${tz}: ${run.stderr}`);
    reports[tz] = JSON.parse(run.stdout) as Report;
  }
}, 120_000);

describe.each(Object.entries(ZONES))('under TZ=%s', (tz, offset) => {
  test('the child really ran in that zone', () => expect(reports[tz]?.offsetJan).toBe(offset));

  test('every generated time call agrees with both published builds', () => {
    expect(reports[tz]?.cases).toBe(RUNS + yearBoundaryCases().length);
    expect(reports[tz]?.differences).toEqual([]);
  });
});

test('the zone changes the output (the calls do depend on it)', () => {
  const outputs = new Set(Object.values(reports).map((report) => report.outputs));
  expect(outputs.size).toBe(Object.keys(ZONES).length);
});
