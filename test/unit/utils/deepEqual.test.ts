/**
 * The shared data helpers: what deepEqual treats as equal beyond the differential suite's JSON
 * inputs, and that deepClone copies rather than shares.
 */
import { deepClone } from '../../../src/utils/deepClone';
import { deepEqual } from '../../../src/utils/deepEqual';

test('deepEqual: NaN equals NaN, 0 differs from -0, key order is ignored, undefined keys count', () => {
  expect(deepEqual(NaN, NaN)).toBe(true);
  expect(deepEqual(0, -0)).toBe(false);
  expect(deepEqual({ a: 1, b: [2] }, { b: [2], a: 1 })).toBe(true);
  expect(deepEqual({ a: undefined }, {})).toBe(false);
  expect(deepEqual([1], { 0: 1 })).toBe(false);
  expect(deepEqual(new Date(5), new Date(5))).toBe(true);
  expect(deepEqual(new Date(5), { getTime: () => 5 })).toBe(false);
});

test('deepEqual: maps, sets and class instances are equal only to themselves', () => {
  const map = new Map([[1, 2]]);
  expect(deepEqual(map, map)).toBe(true);
  expect(deepEqual(new Map([[1, 2]]), new Map([[1, 2]]))).toBe(false);
  class Point {
    constructor(readonly x: number) {}
  }
  expect(deepEqual(new Point(1), new Point(1))).toBe(false);
  expect(deepEqual(Object.create(null), {})).toBe(true);
});

test('deepClone: a copy all the way down, Dates included, prototypes kept, functions shared', () => {
  const fn = (): number => 1;
  const source = { list: [{ at: new Date(7) }], fn, bare: Object.create(null) as object };
  const copy = deepClone(source);
  expect(copy).toEqual(source);
  expect(copy.list).not.toBe(source.list);
  expect(copy.list[0]?.at).not.toBe(source.list[0]?.at);
  expect(copy.list[0]?.at.getTime()).toBe(7);
  expect(copy.fn).toBe(fn);
  expect(Object.getPrototypeOf(copy.bare)).toBeNull();
});
