import { formatLocale, type FormatLocaleDefinition } from 'd3-format';

type Separators = Pick<FormatLocaleDefinition, 'decimal' | 'thousands' | 'grouping' | 'percent'>;

const separators = (decimal: string, thousands: string, percent?: string): Separators => ({
  decimal,
  thousands,
  grouping: [3],
  percent,
});

/**
 * Locales whose separators are fixed rather than read from `Intl`, as the official formatter
 * fixes them: their output does not move with the runtime's ICU data (French keeps the no-break
 * space it has always had, and a narrow one before `%`), and they still format natively where
 * `Intl` is missing. Every other locale is read from `Intl`, and falls back to `en-US`.
 */
const PINNED = new Map<string, Separators>(
  (
    [
      ['en-US en-GB es-MX ja-JP ko-KR zh-CN', separators('.', ',')],
      ['de-DE es-ES it-IT nl-NL pt-BR', separators(',', '.')],
      ['ru-RU', separators(',', '\u00a0')],
      ['fr-FR', separators(',', '\u00a0', '\u202f%')],
    ] as const
  ).flatMap(([tags, definition]) => tags.split(' ').map((tag) => [tag, definition] as const)),
);
const EN_US = PINNED.get('en-US') as Separators;

/** Currency signs used when `Intl` cannot name a currency; any other code shows as itself. */
const SIGNS_WITHOUT_INTL = new Map(
  Object.entries({ USD: '$', EUR: '€', GBP: '£', JPY: '¥', CNY: '¥', KRW: '₩', INR: '₹', RUB: '₽' }),
);

/**
 * Formatters by locale, currency and specifier: a table formats thousands of values with a few
 * of them, and reading `Intl` and parsing a specifier once each keeps that fast.
 */
const built = new Map<string, (value: number) => string>();

/**
 * A d3 formatter for a specifier in a locale with a currency: the locale's separators and digit
 * grouping, and the currency sign on the side where the locale puts it.
 */
export function localeFormatter(
  locale: Intl.LocalesArgument,
  currency: string,
  specifier: string,
): (value: number) => string {
  // As text, an array of tags (which JavaScript callers may pass, as to Intl) names its one tag.
  const tag = String(locale);
  const key = `${tag}:${currency}:${specifier}`;
  let found = built.get(key);
  if (!found) {
    found = formatLocale({
      ...(PINNED.get(tag) ?? separatorsFromIntl(locale) ?? EN_US),
      currency: currencyAffixes(locale, currency),
    }).format(specifier);
    built.set(key, found);
  }
  return found;
}

/** Reads decimal mark, group mark and group sizes from `Intl`; `undefined` where it cannot. */
function separatorsFromIntl(locale: Intl.LocalesArgument): Separators | undefined {
  try {
    const numbers = new Intl.NumberFormat(locale);
    const parts = numbers.formatToParts(1234567.89);
    const mark = (type: Intl.NumberFormatPartTypes) => parts.find((part) => part.type === type)?.value;
    return {
      decimal: mark('decimal') || '.',
      thousands: mark('group') || ',',
      grouping: groupSizes(numbers.formatToParts(1234567890)),
    };
  } catch {
    return undefined;
  }
}

/**
 * d3's grouping from the digit groups of a ten-digit number: the rightmost group, then the next
 * one when it differs (Indian grouping is `[3, 2]`); d3 repeats the last size leftwards.
 */
function groupSizes(parts: Intl.NumberFormatPart[]): number[] {
  const sizes = parts.filter((part) => part.type === 'integer').map((part) => part.value.length);
  if (sizes.length < 2) return [3];
  const [next, last] = sizes.slice(-2) as [number, number];
  return next === last ? [last] : [last, next];
}

/**
 * The currency sign as `[prefix, suffix]`: before the number where the locale writes it first,
 * after it otherwise (the locale's spacing is not kept, as in the official formatter).
 */
function currencyAffixes(locale: Intl.LocalesArgument, currency: string): [string, string] {
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1);
    const sign = parts.find((part) => part.type === 'currency')?.value ?? currency;
    const first = parts.find((part) => part.type !== 'literal' && part.type !== 'nan');
    return first?.type === 'currency' ? [sign, ''] : ['', sign];
  } catch {
    return [SIGNS_WITHOUT_INTL.get(currency) ?? currency, ''];
  }
}
