/**
 * Runs a generated call on two implementations of `@cubejs-client/core/format` and says whether
 * they agree: same string, or both throwing (the same message for d3's own errors; engine
 * TypeErrors only need the same type).
 */
import type { FormatCase } from './cases';

/** The three functions, loosely typed: the generated calls pass anything. */
export interface FormatModule {
  formatValue: (value: unknown, options: never) => string;
  getFormat: (
    member: never,
    options?: never,
  ) => { formatString: unknown; formatFunc: (value: unknown) => string };
  formatDateByGranularity: (value: never, granularity?: never) => string;
}

function attempt(fn: () => unknown): string {
  try {
    return JSON.stringify(fn());
  } catch (error) {
    return error instanceof TypeError ? 'throws TypeError' : `throws ${String(error)}`;
  }
}

/** What a caller can observe of one call: the result or the error, and for getFormat every probe. */
export function observe(module: FormatModule, generated: FormatCase): string {
  const [first, second] = generated.args as [never, never];
  switch (generated.call) {
    case 'formatValue':
      return attempt(() => module.formatValue(first, second));
    case 'formatDateByGranularity':
      return attempt(() => module.formatDateByGranularity(first, second));
    case 'getFormat': {
      let result: ReturnType<FormatModule['getFormat']>;
      try {
        result = module.getFormat(first, second);
      } catch (error) {
        return attempt(() => {
          throw error;
        });
      }
      const keys = Object.keys(result).join(',');
      const probes = generated.probes.map((probe) => attempt(() => result.formatFunc(probe)));
      return `${keys} ${JSON.stringify(result.formatString)} ${probes.join(' | ')}`;
    }
  }
}

/** A readable line for a case the two disagree on. */
export function describe(generated: FormatCase, ours: string, theirs: string): string {
  const show = (value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value instanceof Date ? `Date(${value.getTime()})` : value;
  const args = JSON.stringify(generated.args, (_key, value: unknown) => show(value));
  return `${generated.call}${args}${'probes' in generated ? ` probes ${JSON.stringify(generated.probes, (_k, v: unknown) => show(v))}` : ''}\n  ours:   ${ours}\n  theirs: ${theirs}`;
}

/** Compares `cases` on both modules; returns the differences, described. */
export function differences(ours: FormatModule, theirs: FormatModule, cases: FormatCase[]): string[] {
  const found: string[] = [];
  for (const generated of cases) {
    const a = observe(ours, generated);
    const b = observe(theirs, generated);
    if (a !== b) found.push(describe(generated, a, b));
  }
  return found;
}
