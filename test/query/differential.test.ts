/**
 * Differential suite of the query utilities: generated inputs (fixed seed; `FUZZ_SEED` explores
 * others), each utility called on ours and on `@cubejs-client/core` 1.7.43, outcomes compared
 * exactly (values, `undefined` members, key order, thrown or not) and the inputs compared after the
 * calls (neither side may mutate what it was given, or both must mutate it alike).
 */
import * as theirs from '@cubejs-client/core';
import fc from 'fast-check';
import * as ours from '../../src/index';
import { Meta } from '../../src/result/Meta';
import { canonical, canonicalOutcome, outcome } from '../result/compare';
import { SEED } from '../fuzz/settings';
import {
  filters,
  granularity,
  member,
  order,
  orderMembers,
  pivotConfig,
  query,
  queryInput,
  variant,
} from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
let cases = 0;

/** Calls `call` on both libraries with their own copies of `args`; fails on any observable difference. */
function same<A extends unknown[]>(
  call: (lib: typeof ours | typeof theirs, ...args: A) => unknown,
  ...args: A
): void {
  const mine = structuredClone(args);
  const reference = structuredClone(args);
  const got = canonicalOutcome(outcome(() => call(ours, ...mine)));
  const want = canonicalOutcome(outcome(() => call(theirs, ...reference)));
  cases++;
  expect(got).toBe(want);
  expect(canonical(mine)).toBe(canonical(reference));
}

const property = <Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => void,
): void => fc.assert(fc.property(...arbitraries, predicate), { seed: SEED, numRuns: RUNS });

type Loose = never;

describe('query utilities match @cubejs-client/core 1.7.43 on generated inputs', () => {
  test('removeEmptyQueryFields and validateQuery', () => {
    property([queryInput], (q) => {
      same((lib, x) => lib.removeEmptyQueryFields(x as Loose), q);
      same((lib, x) => lib.validateQuery(x as Loose), q);
    });
  });

  test('areQueriesEqual, on equal queries, near misses and strangers', () => {
    property([query, query, fc.integer({ min: 0, max: 7 })], (a, b, edit) => {
      const near = variant(a, edit);
      same((lib, x, y) => lib.areQueriesEqual(x as Loose, y as Loose), a, near);
      same((lib, x, y) => lib.areQueriesEqual(x as Loose, y as Loose), a, b);
      same((lib, x) => lib.areQueriesEqual(x as Loose, null), a);
    });
  });

  test('defaultOrder and isQueryPresent', () => {
    property([queryInput], (q) => {
      same((lib, x) => lib.defaultOrder(x as Loose), q);
      same((lib, x) => lib.isQueryPresent(x as Loose), q);
    });
  });

  test('flattenFilters and getQueryMembers, filters nested with and/or', () => {
    property([filters, query], (f, q) => {
      same((lib, x) => lib.flattenFilters(x as Loose), f);
      same((lib, x) => lib.getQueryMembers(x as Loose), { ...q, filters: f });
      same((lib, x) => lib.getQueryMembers(x as Loose), q);
    });
    same((lib) => lib.flattenFilters());
    same((lib) => lib.getQueryMembers());
  });

  test('moveItemInArray and movePivotItem, every index and axis pair', () => {
    const index = fc.integer({ min: -2, max: 5 });
    const axis = fc.constantFrom('x' as const, 'y' as const);
    property([pivotConfig, index, index, axis, axis], (config, from, to, source, target) => {
      same((lib, c) => lib.moveItemInArray(c.x ?? [], from, to), config);
      same((lib, c) => lib.movePivotItem(c as Loose, from, to, source, target), config);
    });
  });

  test('getOrderMembersFromOrder, order as an object and as pairs', () => {
    property([orderMembers, order], (list, o) => {
      same((lib, l, x) => lib.getOrderMembersFromOrder(l as Loose, x as Loose), list, o);
    });
  });

  test('aliasSeries', () => {
    const values = fc.array(fc.oneof(member, fc.constantFrom(null, undefined, 'x')), { maxLength: 4 });
    property(
      [values, fc.integer({ min: 0, max: 3 }), fc.option(pivotConfig), fc.array(member, { maxLength: 3 })],
      (v, i, c, dup) => {
        // The duplicate set is rebuilt on each side: structuredClone keeps a Set, but clarity wins.
        same(
          (lib, x, config, d) => lib.aliasSeries(x as Loose, i, (config ?? undefined) as Loose, new Set(d)),
          v,
          c,
          dup,
        );
        same((lib, x) => lib.aliasSeries(x as Loose, i), v);
      },
    );
  });

  test('defaultHeuristics: every transition between generated states, with real Meta objects', () => {
    const metaResponse = {
      cubes: ['Orders', 'Users'].map((name) => ({
        name,
        title: name,
        measures: [{ name: `${name}.count`, title: 'Count', shortTitle: 'Count', type: 'number' }],
        dimensions:
          name === 'Orders'
            ? [{ name: 'Orders.createdAt', title: 'Created', shortTitle: 'Created', type: 'time' }]
            : [{ name: 'Users.city', title: 'City', shortTitle: 'City', type: 'string' }],
        segments: [],
      })),
    };
    const metas = new Map<unknown, unknown>([
      [ours, new Meta(metaResponse as Loose)],
      [theirs, new theirs.Meta(metaResponse as Loose)],
    ]);
    const chartType = fc.constantFrom('line', 'area', 'table', 'pie', 'number', 'bar', undefined);
    property(
      [query, fc.integer({ min: 0, max: 7 }), chartType, fc.option(granularity), fc.boolean()],
      (oldQuery, edit, chart, session, blended) => {
        const next = blended ? [variant(oldQuery, edit)] : variant(oldQuery, edit);
        const state = chart === undefined ? { query: next } : { query: next, chartType: chart };
        const options = session ? { sessionGranularity: session } : {};
        same(
          (lib, s, old, o) =>
            lib.defaultHeuristics(s as Loose, old as Loose, { ...o, meta: metas.get(lib) } as Loose),
          state,
          oldQuery,
          options,
        );
      },
    );
    // A chart type change on an unchanged query, for each chart and each granularity state.
    for (const chart of ['line', 'area', 'table', 'pie', 'number', 'bar']) {
      for (const td of [
        { dimension: 'Orders.createdAt' },
        { dimension: 'Orders.createdAt', granularity: 'week' },
      ]) {
        const q = { measures: ['Orders.count'], timeDimensions: [td] };
        same(
          (lib, s, old) => lib.defaultHeuristics(s as Loose, old as Loose, { meta: metas.get(lib) } as Loose),
          { query: q, chartType: chart },
          q,
        );
      }
    }
  });

  test('edge inputs: empty, null, undefined members, Dates, NaN and -0, groups without lists', () => {
    const edgeQueries: unknown[] = [
      {},
      { measures: [], dimensions: [], segments: [], timeDimensions: [], filters: [], order: [] },
      { order: {} },
      { order: 5 },
      { order: 'asc' },
      { measures: undefined, order: undefined },
      { limit: NaN },
      { limit: -0 },
      { limit: 0 },
      { timeDimensions: [{ dimension: 'Orders.createdAt', dateRange: [new Date(0), new Date(1)] }] },
      { timeDimensions: [{ dimension: 'Orders.createdAt', dateRange: [new Date(0), new Date(2)] }] },
      { filters: [{ or: undefined }, { and: [] }, { member: 'Orders.status' }] },
      { filters: [{ or: null }] },
      { filters: [{ and: [{ or: [{ and: [{ member: 'Users.city', operator: 'set' }] }] }] }] },
      [],
      [{}],
      [{ measures: ['Orders.count'] }, {}],
      null,
      undefined,
    ];
    for (const a of edgeQueries) {
      same((lib, x) => lib.removeEmptyQueryFields(x as Loose), a);
      same((lib, x) => lib.validateQuery(x as Loose), a);
      same((lib, x) => lib.defaultOrder(x as Loose), a);
      same((lib, x) => lib.isQueryPresent(x as Loose), a);
      same((lib, x) => lib.getQueryMembers(x as Loose), a);
      same((lib, x) => lib.flattenFilters((x as { filters?: Loose } | null)?.filters), a);
      // Dates are compared directly: structuredClone keeps them, and both sides must compare them by time.
      for (const b of edgeQueries) {
        const got = ours.areQueriesEqual(a as Loose, b as Loose);
        expect(got).toBe(theirs.areQueriesEqual(a as Loose, b as Loose));
        cases++;
      }
    }
  });

  test(`compared at least 5,000 generated cases`, () => {
    console.log(`query utilities: ${cases} generated cases compared with @cubejs-client/core`);
    expect(cases).toBeGreaterThanOrEqual(5000);
  });
});
