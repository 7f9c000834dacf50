/**
 * The format descriptions Cube's `/meta` and `annotation` carry on a member, as
 * `@cubejs-client/core` types them; {@link getFormat} turns one into a formatter.
 */
import type { CubeMemberType } from '../types/meta';

/** The precisions a named numeric format can carry (`number_0` … `number_6`). */
type NamedNumericPrecision = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A predefined numeric format of Cube's data model, by name. */
export type NamedNumericFormatName =
  | `${'number' | 'percent' | 'currency' | 'decimal' | 'abbr' | 'accounting'}_${NamedNumericPrecision}`
  | 'decimal'
  | 'abbr'
  | 'accounting';

/** A time format of the data model: a d3-time-format (strftime-like) specifier. */
export interface DimensionCustomTimeFormat {
  type: 'custom-time';
  /** The specifier, for example `'%d/%m/%Y %H:%M'`; see https://d3js.org/d3-time-format */
  value: string;
}

/** A numeric format of the data model: a d3-format specifier. */
export interface CustomNumericFormat {
  type: 'custom-numeric';
  /** The specifier, for example `'$,.2f'` or `'.0%'`; see https://d3js.org/d3-format */
  value: string;
  /** The named format this specifier came from, when the model used one (`'percent_2'`). */
  alias?: string;
}

/** A dimension shown as a link with a fixed label; the value is its target. */
export interface DimensionLinkFormat {
  type: 'link';
  label: string;
}

/** Every format a dimension can declare. */
export type DimensionFormat =
  | 'percent'
  | 'currency'
  | 'number'
  | 'imageUrl'
  | 'id'
  | 'link'
  | NamedNumericFormatName
  | DimensionLinkFormat
  | DimensionCustomTimeFormat
  | CustomNumericFormat;

/** Every format a measure can declare. */
export type MeasureFormat = 'percent' | 'currency' | 'number' | NamedNumericFormatName | CustomNumericFormat;

/** What a formatter needs to know about the member a value belongs to. */
export interface FormatValueMember {
  /** The member's type, as `/meta` reports it. */
  type: CubeMemberType;
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
