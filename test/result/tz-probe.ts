/**
 * Run by tz.test.ts in a child process with `TZ` set: prints what our ResultSet computes (hashed)
 * for generated cases and for responses around DST changes, and the published client's output on
 * the DST responses, as JSON on stdout.
 */
import { createHash } from 'node:crypto';
import { ResultSet as Theirs } from '@cubejs-client/core';
import { ResultSet } from '../../src/result/ResultSet';
import type { LoadResponse, Row } from '../../src/types/response';
import { canonical, canonicalOutcome, outcome } from './compare';
import { COUNT_ANNOTATION, countResponse } from './countResponse';
import { runCase } from './differential';
import { generateCase } from './generator';

const METHODS = ['pivot', 'chartPivot', 'tablePivot', 'tableColumns', 'seriesNames', 'series'] as const;

/** Hourly rows over a day with a DST change somewhere (none in UTC): a gap left at 05:00. */
export function dstResponse(day: string, granularity: 'hour' | 'minute', withRange: boolean): LoadResponse {
  const data: Row[] = [];
  const start = Date.parse(`${day}T00:00:00.000Z`);
  const step = granularity === 'hour' ? 3600000 : 15 * 60000;
  const end = granularity === 'hour' ? start + 86400000 : start + 5 * 3600000;
  for (let t = start; t < end; t += step) {
    if (t === start + 5 * 3600000) continue;
    const ts = new Date(t).toISOString().slice(0, 23);
    data.push({
      [`Orders.createdAt.${granularity}`]: ts,
      'Orders.createdAt': ts,
      'Orders.count': String((t / step) % 97),
    });
  }
  const query = {
    measures: ['Orders.count'],
    timeDimensions: [
      withRange
        ? {
            dimension: 'Orders.createdAt',
            granularity,
            dateRange: [day, granularity === 'hour' ? day : `${day}T04:59:59.999`] as [string, string],
          }
        : { dimension: 'Orders.createdAt', granularity },
    ],
    timezone: 'America/New_York',
  };
  const measure = {
    ...COUNT_ANNOTATION,
    drillMembers: ['Orders.id'],
    drillMembersGrouped: { measures: [], dimensions: ['Orders.id'] },
  };
  return countResponse(query, data, { measure });
}

/** US and EU DST days of 2024, and one ordinary day. */
export const DST_DAYS = ['2024-03-10', '2024-11-03', '2024-03-31', '2024-10-27', '2024-06-12'];

function dstOutputs(make: (r: LoadResponse) => Record<string, (c?: undefined) => unknown>): string[] {
  const out: string[] = [];
  for (const day of DST_DAYS) {
    for (const granularity of ['hour', 'minute'] as const) {
      for (const withRange of [true, false]) {
        const rs = make(dstResponse(day, granularity, withRange));
        for (const m of METHODS)
          out.push(`${day} ${granularity} ${withRange} ${m}: ${canonicalOutcome(outcome(() => rs[m]!()))}`);
        for (const hour of ['00', '01', '02', '03']) {
          const xValues = [`${day}T${hour}:00:00.000`];
          out.push(
            `${day} drillDown ${hour}: ${canonicalOutcome(outcome(() => (rs.drillDown as (l: unknown) => unknown)({ xValues })))}`,
          );
        }
      }
    }
  }
  return out;
}

const cases = Number(process.env.TZ_PROBE_CASES ?? 20);
const hashes: string[] = [];
let differences = 0;
for (let i = 0; i < cases; i++) {
  const generated = generateCase(777000 + i);
  generated.parseDateMeasures = false; // Dates from local strings depend on TZ by design, in both clients
  const rs = new ResultSet(generated.response as LoadResponse) as unknown as Record<
    string,
    (c: unknown) => unknown
  >;
  const h = createHash('sha256');
  for (const config of generated.configs)
    for (const m of METHODS) h.update(canonicalOutcome(outcome(() => rs[m]!(config))));
  hashes.push(h.digest('hex').slice(0, 16));
  if (process.env.TZ_PROBE_COMPARE) differences += runCase(generated).differences.length;
}

const ours = dstOutputs((r) => new ResultSet(r) as unknown as Record<string, () => unknown>);
const theirs = dstOutputs((r) => new Theirs(r as never) as unknown as Record<string, () => unknown>);
const hoursOn = (day: string): number => {
  const series = new ResultSet(dstResponse(day, 'hour', true)).chartPivot();
  return new Set(series.map((row) => row.x)).size === series.length ? series.length : -1;
};

process.stdout.write(
  JSON.stringify({
    offsetJan: new Date(2024, 0, 1).getTimezoneOffset(),
    hashes,
    differences,
    ours,
    theirs,
    hours: Object.fromEntries(DST_DAYS.map((d) => [d, hoursOn(d)])),
    canonicalCheck: canonical({ a: 1 }),
  }),
);
