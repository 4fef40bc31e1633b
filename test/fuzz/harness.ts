/**
 * The fuzz loop: seeded mutations of each target's seeds, each run through the target; any error that is
 * not one of the product's typed errors (a named-field refusal) is a crash, counted by the place in
 * nodes/lib where it was thrown.
 */
import { mutate, pick, prng } from './mutate';
import type { FuzzTarget } from './targets';

/**
 * The errors the product throws on purpose, each naming the field and what to do. Anything else (a
 * TypeError, a RangeError from a stack overflow, a bare Error) is a crash.
 */
const TYPED_ERRORS = new Set([
	'ValidationError',
	'LedgerError',
	'ReconcileInputError',
	'PushPayloadError',
	'PolicyError',
	'SlackApiError',
	'HttpError',
]);

export function isTypedError(error: unknown): boolean {
	return error instanceof Error && TYPED_ERRORS.has(error.name) && error.message.trim() !== '';
}

/** Where a crash was thrown: the innermost frame in the product's code (nodes/), else the innermost frame. */
export function crashSite(error: unknown): string {
	const stack = error instanceof Error ? (error.stack ?? '') : '';
	const frames = stack.split('\n').filter((l) => l.trim().startsWith('at '));
	const ours = frames.find((l) => /[/\\]nodes[/\\]/.test(l)) ?? frames[0] ?? '(no stack)';
	const where = /\(?([^\s(]*nodes[/\\][^)\s]+)\)?$/.exec(ours.trim())?.[1] ?? ours.trim();
	return where.replace(/^.*?[/\\]nodes[/\\]/, 'nodes/');
}

export interface Crash {
	target: string;
	input: number;
	site: string;
	error: string;
	stack: string;
}

export interface FuzzReport {
	seed: number;
	inputs: number;
	perTarget: Record<string, { inputs: number; crashes: number; refused: number }>;
	crashes: Crash[];
	/** site -> how many crashes were thrown there (first example kept in `examples`). */
	sites: Map<string, number>;
	examples: Map<string, Crash>;
	ms: number;
}

/**
 * Runs `inputs` mutated inputs spread evenly over the targets (round robin), deterministic for a seed.
 * The first input of each target is an unmutated seed, so a target broken on real input shows at once.
 */
export async function runFuzz(targets: FuzzTarget[], options: { seed: number; inputs: number }): Promise<FuzzReport> {
	// Deep enough that a crash inside recursion still shows the product's frame that started it.
	Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 60);
	const rand = prng(options.seed);
	const started = Date.now();
	const report: FuzzReport = {
		seed: options.seed,
		inputs: 0,
		perTarget: Object.fromEntries(targets.map((t) => [t.name, { inputs: 0, crashes: 0, refused: 0 }])),
		crashes: [],
		sites: new Map(),
		examples: new Map(),
		ms: 0,
	};
	for (let i = 0; i < options.inputs; i++) {
		const target = targets[i % targets.length];
		const seed = pick(rand, target.seeds);
		const input =
			i < targets.length
				? structuredClone(seed)
				: target.mutateField
					? {
							...(seed as object),
							[target.mutateField]: mutate(rand, (seed as Record<string, unknown>)[target.mutateField]),
						}
					: mutate(rand, seed);
		const stats = report.perTarget[target.name];
		stats.inputs += 1;
		report.inputs += 1;
		try {
			await target.run(input);
		} catch (error) {
			if (isTypedError(error)) {
				stats.refused += 1;
				continue;
			}
			stats.crashes += 1;
			const site = crashSite(error);
			const crash: Crash = {
				target: target.name,
				input: i,
				site,
				stack: String((error as Error)?.stack ?? ''),
				error: `${(error as Error)?.name ?? typeof error}: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
			};
			report.crashes.push(crash);
			report.sites.set(site, (report.sites.get(site) ?? 0) + 1);
			if (!report.examples.has(site)) report.examples.set(site, crash);
		}
	}
	report.ms = Date.now() - started;
	return report;
}

/** The figures, one line per target and per crash site, for `npm run fuzz` and a failing test's message. */
export function formatReport(report: FuzzReport): string {
	const lines = [
		`fuzz seed ${report.seed}: ${report.inputs} inputs in ${(report.ms / 1000).toFixed(1)} s, ` +
			`${report.crashes.length} crashes at ${report.sites.size} distinct sites`,
	];
	for (const [name, s] of Object.entries(report.perTarget))
		lines.push(
			`  ${name.padEnd(48)} ${String(s.inputs).padStart(7)} inputs  ${String(s.refused).padStart(6)} refused  ` +
				`${String(s.crashes).padStart(5)} crashes`,
		);
	for (const [site, count] of [...report.sites].sort((a, b) => b[1] - a[1])) {
		const ex = report.examples.get(site)!;
		lines.push(`  crash x${count} at ${site} (${ex.target}, input ${ex.input}): ${ex.error}`);
	}
	return lines.join('\n');
}
