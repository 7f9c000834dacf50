// The README's parity table is what scripts/api-surface.mjs generates from the published `.d.ts`
// and our built declarations, so it cannot claim a name we no longer have.
import { readFileSync } from 'node:fs';
import { parityRows, README, readmeWithTable } from '../../scripts/api-surface.mjs';

describe('README parity table', () => {
  let rows: Array<[string, string, string]> = [];
  beforeAll(() => {
    rows = parityRows();
  });

  test('is current (node scripts/api-surface.mjs --readme rewrites it)', () => {
    expect(readmeWithTable(rows)).toBe(readFileSync(README, 'utf8'));
  });

  test('lists every export and every public member of the published classes', () => {
    const names = rows.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        'default',
        'CubeApi.load',
        'ResultSet.chartPivot',
        'Meta.resolveMember',
        'TCubeMeasure',
      ]),
    );
    expect(names).toContain('ResultSet.backwardCompatibleData');
    expect(names).not.toContain('RequestError.stack');
  });
});
