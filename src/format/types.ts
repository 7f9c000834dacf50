/**
 * The options and results of the formatting functions, as `@cubejs-client/core/format` types
 * them. The member formats themselves are the core's types (`src/types/meta.ts`).
 */
import type { DimensionFormat, MeasureFormat, TCubeMemberType } from '../types/meta';

/** What a formatter needs to know about the member a value belongs to. */
export interface FormatValueMember {
  /** The member's type, as `/meta` reports it. */
  type: TCubeMemberType;
  /** The member's declared format; without one the type decides (numbers, times, text). */
  format?: DimensionFormat | MeasureFormat;
  /**
   * ISO 4217 code of the currency that currency formats show.
   * @default 'USD'
   */
  currency?: string;
  /** The granularity of a time dimension (`'day'`, `'month'`, a custom one...): picks the date layout. */
  granularity?: string;
}

/** {@link formatValue}'s options: the member, plus how to show it. */
export interface FormatValueOptions extends FormatValueMember {
  /**
   * BCP 47 tag of the locale whose separators and currency placement numbers use (`'de-DE'`).
   * @default the runtime's locale (`Intl.NumberFormat().resolvedOptions().locale`), `'en-US'` without `Intl`
   */
  locale?: string;
  /**
   * What a `null` or `undefined` value shows as.
   * @default '∅'
   */
  emptyPlaceholder?: string;
}

/** {@link getFormat}'s options. */
export interface GetFormatOptions {
  /**
   * BCP 47 tag of the locale numbers are shown in.
   * @default the runtime's locale, `'en-US'` without `Intl`
   */
  locale?: string;
}

/** A member's formatter, with the specifier behind it. */
export interface GetFormatResult {
  /** The d3 specifier the formatter applies, or `null` when it shows values as text. */
  formatString: string | null;
  /** Formats one value of the member. */
  formatFunc: (value: unknown) => string;
}
