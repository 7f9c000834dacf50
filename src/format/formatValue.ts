import { getFormat } from './getFormat';
import type { FormatValueOptions } from './types';

/**
 * Formats one value of a member as Cube's tools show it: with the member's declared format, its
 * currency and granularity, in a locale; `null` and `undefined` show as the placeholder.
 *
 * @example
 * ```ts
 * formatValue(0.1234, { type: 'number', format: 'percent' }); // '12.34%'
 * formatValue(1234567.891, { type: 'number', locale: 'de-DE' }); // '1.234.567,89'
 * formatValue(null, { type: 'string' }); // '∅'
 * ```
 */
export function formatValue(value: unknown, options: FormatValueOptions): string {
  const { emptyPlaceholder = '∅' } = options;
  if (value === null || value === undefined) return emptyPlaceholder;
  return getFormat(options, { locale: options.locale }).formatFunc(value);
}
