import { format as d3Format } from 'd3-format';
import { formatDate, formatDateByGranularity, granularityLayout } from './formatDateByGranularity';
import { namedSpecifier } from './namedSpecifier';
import { localeFormatter } from './numericLocale';
import type { FormatValueMember, GetFormatOptions, GetFormatResult } from './types';

/** Numbers without a declared format: grouped, up to two decimals. */
const NUMBER = ',.2~f';
/** Ids are whole numbers in d3's default locale, never grouped. */
const ID = '.0f';

/** A fresh result each time, as callers may change what they are given. */
const asText = (): GetFormatResult => ({ formatString: null, formatFunc: (value) => String(value) });

/**
 * The formatter of a member: from its declared format when it has one, else from its type
 * (numbers grouped with up to two decimals, times by granularity, anything else as text).
 * Numeric strings are parsed (`'12.5'`), `null` counts as 0, and booleans also accept the
 * `0`/`1`/`'true'`/`'false'` some SQL drivers return.
 *
 * @example
 * ```ts
 * const { formatString, formatFunc } = getFormat({ type: 'number', format: 'currency', currency: 'EUR' }, { locale: 'de-DE' });
 * formatString; // '$,.2~f'
 * formatFunc('1234.5'); // '1.234,5€'
 * ```
 */
export function getFormat(
  member: FormatValueMember,
  { locale = runtimeLocale() }: GetFormatOptions = {},
): GetFormatResult {
  const { type, format, currency = 'USD', granularity } = member;
  if (type === 'boolean') return { formatString: null, formatFunc: formatBoolean };
  if (format && typeof format === 'object') {
    if (format.type === 'custom-numeric') return customNumeric(format.value);
    if (format.type === 'custom-time') {
      // A model without a value formats the text 'undefined', as d3 reads any specifier as text.
      const specifier: unknown = format.value;
      return { formatString: format.value, formatFunc: (value) => formatDate(value, String(specifier)) };
    }
    return asText();
  }
  if (typeof format === 'string') {
    if (format === 'id') return customNumeric(ID);
    const specifier = namedSpecifier(format);
    return specifier === undefined ? asText() : localized(specifier, locale, currency);
  }
  if (type === 'time') {
    return {
      formatString: granularityLayout(granularity),
      formatFunc: (value) => formatDateByGranularity(value as string, granularity),
    };
  }
  return type === 'number' ? localized(NUMBER, locale, currency) : asText();
}

/** A specifier applied in a locale, with its currency. */
function localized(specifier: string, locale: string, currency: string): GetFormatResult {
  const format = localeFormatter(locale, currency, specifier);
  return { formatString: specifier, formatFunc: (value) => format(toNumber(value)) };
}

/**
 * A specifier applied in d3's default locale. It is parsed on use, not here: a model's invalid
 * specifier throws when a value is formatted, and `getFormat` itself always answers.
 */
function customNumeric(specifier: string): GetFormatResult {
  return { formatString: specifier, formatFunc: (value) => d3Format(specifier)(toNumber(value)) };
}

/** How numeric formats read a value: `parseFloat` semantics, with a missing value as 0. */
function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : parseFloat(value as string);
}

/** Booleans, and the numbers and strings some SQL drivers send for them. */
function formatBoolean(value: unknown): string {
  if (typeof value === 'number') return String(Boolean(value));
  if (value === '0' || value === 'false') return 'false';
  if (value === '1' || value === 'true') return 'true';
  return String(value);
}

let detectedLocale: string | undefined;

/** The runtime's locale, read once; `en-US` where `Intl` is missing. */
function runtimeLocale(): string {
  if (detectedLocale === undefined) {
    try {
      detectedLocale = new Intl.NumberFormat().resolvedOptions().locale;
    } catch {
      detectedLocale = 'en-US';
    }
  }
  return detectedLocale;
}
