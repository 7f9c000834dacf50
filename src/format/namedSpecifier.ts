/** How each family of named formats starts and which d3 type it ends with. */
const FAMILIES = new Map([
  ['number', [',', 'f']],
  ['decimal', [',', 'f']],
  ['currency', ['$,', 'f']],
  ['percent', ['', '%']],
  ['abbr', ['', 's']],
  ['accounting', ['(,', 'f']],
] as const);

const NAMED = /^([a-z]+)(?:_([0-6]))?$/;

/**
 * The d3 specifier of a named format of Cube's data model: `<family>_<digits>` (digits 0 to 6,
 * 2 when left out), for example `currency_0` → `$,.0f`. Insignificant trailing zeros are trimmed
 * (`~`) whenever there are decimals to trim; `abbr` always trims. `undefined` for any other name.
 */
export function namedSpecifier(name: string): string | undefined {
  const [, familyName = '', digits = '2'] = NAMED.exec(name) ?? [];
  const family = FAMILIES.get(familyName as never);
  if (!family) return undefined;
  const [start, type] = family;
  const trim = digits === '0' && familyName !== 'abbr' ? '' : '~';
  return `${start}.${digits}${trim}${type}`;
}
