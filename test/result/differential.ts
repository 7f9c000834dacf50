/**
 * Runs every ResultSet method on a generated case with our implementation and the published one
 * and lists the calls whose outcomes differ.
 */
import { ResultSet as Theirs } from '@cubejs-client/core';
import { ResultSet } from '../../src/result/ResultSet';
import type { AxisValue, LoadResponse, LoadResponseResult, PivotConfig } from '../../src/types/response';
import type { TimeDimension } from '../../src/types/query';
import { canonicalOutcome, firstDifference, outcome } from './compare';
import { generateCase, type GeneratedCase } from './generator';

export interface Difference {
  call: string;
  detail: string;
}

// The published class is typed with its own (looser) types; calls go through this view of it.
type Loose = Record<string, (...args: unknown[]) => unknown>;

export interface CaseReport {
  /** Calls compared (one per method × pivot config, plus the config-independent ones). */
  calls: number;
  differences: Difference[];
}

export function runCase(generated: GeneratedCase): CaseReport {
  const options = { parseDateMeasures: generated.parseDateMeasures };
  const ours = new ResultSet(generated.response as LoadResponse, options);
  const theirs = new Theirs(generated.response as never, options) as unknown as Loose;
  const differences: Difference[] = [];
  let calls = 0;
  const check = (call: string, a: () => unknown, b: () => unknown): void => {
    calls++;
    const x = canonicalOutcome(outcome(a));
    const y = canonicalOutcome(outcome(b));
    if (x !== y) differences.push({ call, detail: firstDifference(x, y) });
  };
  const oursLoose = ours as unknown as Loose;
  const same = (call: string, method: string, ...args: unknown[]): void =>
    check(
      call,
      () => (oursLoose[method] as (...a: unknown[]) => unknown).apply(ours, args),
      () => (theirs[method] as (...a: unknown[]) => unknown).apply(theirs, args),
    );

  for (const method of ['rawData', 'query', 'annotation', 'pivotQuery', 'totalRows', 'serialize'])
    same(method, method);
  check(
    'deserialize(serialize()).chartPivot()',
    () => ResultSet.deserialize(ours.serialize(), options).chartPivot(),
    () => (Theirs.deserialize(theirs.serialize!() as never, options) as unknown as Loose).chartPivot!(),
  );
  const responses = (generated.response as LoadResponse).results ?? [
    generated.response as LoadResponseResult,
  ];
  responses.forEach((r, i) => {
    const td = r.query.timeDimensions?.[0] as TimeDimension | undefined;
    if (td) same(`timeSeries(td0, ${i})`, 'timeSeries', td, i, r.annotation.timeDimensions);
    // Private in the published types, reached by JavaScript callers; the cache is filled as a side effect.
    same(`timeDimensionBackwardCompatibleData(${i})`, 'timeDimensionBackwardCompatibleData', i);
  });
  check(
    'backwardCompatibleData',
    () => ours.backwardCompatibleData,
    () => (theirs as unknown as { backwardCompatibleData: unknown }).backwardCompatibleData,
  );
  same('timeDimensionBackwardCompatibleData()', 'timeDimensionBackwardCompatibleData');
  check(
    'measureFromAxis, timeDimensionMember, getNormalizedPivotConfig',
    () => [
      ResultSet.measureFromAxis(['a', 'Orders.count']),
      responses.map((r) => r.query.timeDimensions?.map((td) => ResultSet.timeDimensionMember(td))),
      generated.configs.map((c) => ResultSet.getNormalizedPivotConfig(ours.pivotQuery(), c)),
    ],
    () => [
      Theirs.measureFromAxis(['a', 'Orders.count']),
      responses.map((r) => r.query.timeDimensions?.map((td) => Theirs.timeDimensionMember(td))),
      generated.configs.map((c) =>
        Theirs.getNormalizedPivotConfig(theirs.pivotQuery!() as never, c as never),
      ),
    ],
  );
  check(
    'decompose()',
    () =>
      ours.decompose().map((p) => [p.rawData(), p.query(), p.tablePivot(), p.chartPivot(), p.serialize()]),
    () =>
      (theirs.decompose!() as Loose[]).map((p) => [
        p.rawData!(),
        p.query!(),
        p.tablePivot!(),
        p.chartPivot!(),
        p.serialize!(),
      ]),
  );

  for (const config of generated.configs) {
    const tag = JSON.stringify(config);
    for (const method of [
      'normalizePivotConfig',
      'pivot',
      'chartPivot',
      'tablePivot',
      'tableColumns',
      'seriesNames',
    ]) {
      same(`${method}(${tag})`, method, config);
    }
    // Thin wrappers of chartPivot: a few configs are enough.
    if (generated.configs.indexOf(config) < 3) {
      same(`categories(${tag})`, 'categories', config);
      same(`totalRow(${tag})`, 'totalRow', config);
    }
    // The published `series` re-runs chartPivot once per series (quadratic); past a handful of series
    // it is compared with what that method is defined as: its seriesNames joined with its chartPivot.
    const names = outcome(
      () => theirs.seriesNames!(config) as Array<{ key: string; title: string; shortTitle: string }>,
    );
    const many = !names.threw && (names.value as unknown[]).length > 4;
    check(
      `series(${tag})`,
      () => ours.series(config),
      many
        ? () => {
            const chart = theirs.chartPivot!(config) as Array<Record<string, unknown>>;
            return (names.value as Array<{ key: string; title: string; shortTitle: string }>).map(
              ({ title, shortTitle, key }) => ({
                title,
                shortTitle,
                key,
                series: chart.map(({ x, ...rest }) => ({ value: rest[key], x })),
              }),
            );
          }
        : () => theirs.series!(config),
    );
    // Drill down from points the published client itself reports.
    const points = outcome(
      () =>
        theirs.pivot!(config) as Array<{ xValues: AxisValue[]; yValuesArray: Array<[AxisValue[], unknown]> }>,
    );
    if (!points.threw) {
      const rows = points.value as Array<{
        xValues: AxisValue[];
        yValuesArray: Array<[AxisValue[], unknown]>;
      }>;
      for (const row of [rows[0], rows[rows.length - 1], rows[rows.length >> 1]]) {
        if (!row) continue;
        const yValues = row.yValuesArray[row.yValuesArray.length - 1]?.[0];
        same(
          `drillDown(${JSON.stringify(row.xValues)}, ${tag})`,
          'drillDown',
          { xValues: row.xValues, yValues },
          config as PivotConfig,
        );
      }
    }
  }
  return { calls, differences };
}

/** What comparing a range of seeds found: pivot-config cases, calls compared, and the differences. */
export interface SeedRangeReport {
  configCases: number;
  calls: number;
  failures: string[];
}

/** Generates and compares the responses of seeds `first` … `first + count - 1`. */
export function compareSeeds(first: number, count: number): SeedRangeReport {
  const report: SeedRangeReport = { configCases: 0, calls: 0, failures: [] };
  for (let seed = first; seed < first + count; seed++) {
    const generated = generateCase(seed);
    report.configCases += generated.configs.length;
    const { calls, differences } = runCase(generated);
    report.calls += calls;
    for (const d of differences.slice(0, 3))
      report.failures.push(`seed ${seed} (${generated.kind}) ${d.call}\n${d.detail}`);
  }
  return report;
}
