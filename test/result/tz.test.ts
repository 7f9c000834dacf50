/**
 * Our ResultSet must not depend on the host time zone: Cube's timestamps are wall-clock values.
 * This suite bundles tz-probe.ts and runs it in child processes with TZ=UTC, America/New_York and
 * Asia/Kolkata, then compares what they computed.
 */
import { spawnSync } from 'node:child_process';
import { bundleChildScript } from '../support/nodeChild';

interface Probe {
  offsetJan: number;
  hashes: string[];
  differences: number;
  ours: string[];
  theirs: string[];
  hours: Record<string, number>;
}

const ZONES = { UTC: 0, 'America/New_York': 300, 'Asia/Kolkata': -330 } as const;
const probes: Partial<Record<keyof typeof ZONES, Probe>> = {};

beforeAll(async () => {
  const outfile = await bundleChildScript(
    'test/result/tz-probe.ts',
    'resultset-tz',
    ['@cubejs-client/core'],
    'probe.mjs',
  );
  for (const tz of Object.keys(ZONES) as Array<keyof typeof ZONES>) {
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz, NODE_OPTIONS: '' };
    if (tz === 'UTC') env.TZ_PROBE_COMPARE = '1';
    const run = spawnSync(process.execPath, [outfile], {
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`probe under ${tz} failed: ${run.stderr}`);
    probes[tz] = JSON.parse(run.stdout) as Probe;
  }
}, 120_000);

describe('host time zone', () => {
  test.each(Object.keys(ZONES) as Array<keyof typeof ZONES>)('the probe really ran under %s', (tz) => {
    expect(probes[tz]?.offsetJan).toBe(ZONES[tz]);
  });

  test('generated cases give the same output under every TZ', () => {
    const utc = probes.UTC as Probe;
    expect(utc.hashes.length).toBeGreaterThan(0);
    expect(probes['America/New_York']?.hashes).toEqual(utc.hashes);
    expect(probes['Asia/Kolkata']?.hashes).toEqual(utc.hashes);
  });

  test('under UTC those cases also match the published client', () => {
    expect(probes.UTC?.differences).toBe(0);
  });

  test('DST days: our output is the same under every TZ and equals the published client under UTC', () => {
    const utc = probes.UTC as Probe;
    expect(probes['America/New_York']?.ours).toEqual(utc.ours);
    expect(probes['Asia/Kolkata']?.ours).toEqual(utc.ours);
    expect(utc.ours).toEqual(utc.theirs);
  });

  test('DST days have 24 distinct hours under every TZ (wall clock, no skipped or repeated hour)', () => {
    for (const probe of Object.values(probes)) {
      for (const hours of Object.values((probe as Probe).hours)) expect(hours).toBe(24);
    }
  });

  test('the published client does follow the host clock on a US DST day (why we test this at all)', () => {
    const ny = probes['America/New_York'] as Probe;
    const utc = probes.UTC as Probe;
    const line = (p: Probe): string | undefined =>
      p.theirs.find((l) => l.startsWith('2024-03-10 hour true chartPivot'));
    expect(line(ny)).not.toEqual(line(utc));
  });
});
