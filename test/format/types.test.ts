/**
 * Code typed against `@cubejs-client/core/format` compiles against `cube-client/format`: every
 * public type of the published entry is assignable both ways, and each function accepts what
 * the published one accepts and answers what it answers. `tsc --noEmit` (the types step) checks
 * the assignments; the test run checks that the values behind them are what they claim.
 */
import type * as Official from '@cubejs-client/core/format';
import * as ours from '../../src/format';
import type * as Ours from '../../src/format';

/** `true` only when `A` is assignable to `B`; a `false` here fails the compilation. */
type Assignable<A, B> = [A] extends [B] ? true : false;
const yes = <T extends true>(value: T): T => value;

const checks = [
  yes<Assignable<Official.FormatValueMember, Ours.FormatValueMember>>(true),
  yes<Assignable<Ours.FormatValueMember, Official.FormatValueMember>>(true),
  yes<Assignable<Official.FormatValueOptions, Ours.FormatValueOptions>>(true),
  yes<Assignable<Ours.FormatValueOptions, Official.FormatValueOptions>>(true),
  yes<Assignable<Official.GetFormatOptions, Ours.GetFormatOptions>>(true),
  yes<Assignable<Ours.GetFormatOptions, Official.GetFormatOptions>>(true),
  yes<Assignable<Official.GetFormatResult, Ours.GetFormatResult>>(true),
  yes<Assignable<Ours.GetFormatResult, Official.GetFormatResult>>(true),
  yes<Assignable<typeof ours.formatValue, typeof Official.formatValue>>(true),
  yes<Assignable<typeof ours.getFormat, typeof Official.getFormat>>(true),
  yes<Assignable<typeof ours.formatDateByGranularity, typeof Official.formatDateByGranularity>>(true),
];

test('an app typed against the published entry runs on ours', () => {
  expect(checks).toHaveLength(11);
  const member: Official.FormatValueMember = {
    type: 'number',
    format: { type: 'custom-numeric', value: '.1%' },
  };
  const options: Official.GetFormatOptions = { locale: 'de-DE' };
  const result: Official.GetFormatResult = ours.getFormat(member, options);
  expect(result.formatFunc(0.25)).toBe('25.0%');
  const named: Official.FormatValueOptions = { type: 'number', format: 'accounting_1', locale: 'en-US' };
  expect(ours.formatValue(-1234.56, named)).toBe('(1,234.6)');
});
