/**
 * Hostile input cannot crash the engine (issue 15): a bounded run of the fuzz harness (test/fuzz) over
 * every normaliser, validateObservation -> reconcile, mergeRecords, the ledger validators, the Slack
 * builders and the Klaviyo event, with a fixed seed so a failure is reproduced by
 * `npx tsx test/fuzz/run.ts --seed 20261215 --skip tracking --inputs 1700` (and `--only tracking --inputs 240`).
 * `npm run fuzz` runs 100,000.
 */
import { crashSite, isTypedError, formatReport, runFuzz } from '../../fuzz/harness';
import { mutate, prng } from '../../fuzz/mutate';
import { loadTargets, type FuzzTarget } from '../../fuzz/targets';
import { ValidationError } from '../../../nodes/lib/http/errors';
import { LedgerError } from '../../../nodes/lib/ledger/errors';

const SEED = 20261215;

describe('fuzz harness', () => {
	let targets: FuzzTarget[];
	beforeAll(async () => {
		targets = await loadTargets();
	});

	it('has real fixture seeds for every target, and each unmutated seed runs without an error', async () => {
		expect(targets.length).toBeGreaterThanOrEqual(21);
		for (const target of targets) {
			expect(target.seeds.length).toBeGreaterThan(0);
			for (const seed of target.seeds)
				await expect(Promise.resolve().then(() => target.run(seed))).resolves.not.toThrow();
		}
	});

	it('counts an untyped error as a crash at its site, and a named-field error as a refusal', async () => {
		const crashing: FuzzTarget = {
			name: 'reads a field blindly',
			seeds: [{ a: 'text' }],
			run: (input) => (input as { a: string }).a.trim(),
		};
		const refusing: FuzzTarget = {
			name: 'refuses by name',
			seeds: [{}],
			run: () => {
				throw new ValidationError('a: must be text', 'a');
			},
		};
		const report = await runFuzz([crashing, refusing], { seed: 1, inputs: 400 });
		expect(report.perTarget['reads a field blindly'].crashes).toBeGreaterThan(0);
		expect(report.perTarget['refuses by name']).toEqual({ inputs: 200, crashes: 0, refused: 200 });
		expect([...report.sites.keys()][0]).toMatch(/fuzz\.test\.ts|<anonymous>|\d+:\d+/);
		expect(isTypedError(new TypeError('x'))).toBe(false);
		expect(isTypedError(new LedgerError('invalid_input', 'key: too long', 'hint'))).toBe(true);
		expect(crashSite(new Error('x'))).not.toBe('');
	});

	it('mutates deterministically: the same seed gives the same inputs', () => {
		const seed = { a: [1, 'two', { c: null }], b: 'text' };
		const one = prng(7);
		const two = prng(7);
		for (let i = 0; i < 50; i++) expect(mutate(one, seed)).toEqual(mutate(two, seed));
	});

	// The carrier reads resolve time zones per scan (milliseconds each), so they get fewer inputs here.
	it.each([
		['every target but the carrier reads', (t: FuzzTarget) => !t.name.endsWith('tracking read'), 1700, 80],
		['the carrier tracking reads', (t: FuzzTarget) => t.name.endsWith('tracking read'), 240, 60],
	])('finds no crash in %s (seed 20261215)', async (_what, which, inputs, perTarget) => {
		const report = await runFuzz(targets.filter(which), { seed: SEED, inputs });
		if (report.crashes.length) console.log(formatReport(report));
		expect({ crashes: report.crashes.length, sites: [...report.sites.keys()] }).toEqual({ crashes: 0, sites: [] });
		// Every target was fed, and the mutations reached the validators (some inputs refused by name).
		for (const stats of Object.values(report.perTarget)) expect(stats.inputs).toBeGreaterThanOrEqual(perTarget);
		const refused = Object.values(report.perTarget).reduce((n, s) => n + s.refused, 0);
		expect(refused).toBeGreaterThan(inputs / 10);
	});
});
