/**
 * The clean-room acceptance scenarios (test/fixtures/vendor-native/scenarios/*.json) replayed through the
 * product, and each truth entry compared with the product's answer at its instant. Shared by
 * corpus.test.ts (pass/fail, with the known gaps) and test/bench/corpus.bench.ts (figures).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../../nodes/lib/order/policy';
import type { ExceptionCase, Observation, TrackingData } from '../../../nodes/lib/order/types';
import { parseHar } from '../../../nodes/lib/replay/har';
import { replayCapture, type ReplayResult } from '../../../nodes/lib/replay/run';
import { scenarioToHar, type Scenario } from '../../../scripts/scenario-to-har';

export const CORPUS_ROOT = join(__dirname, '../../fixtures/vendor-native');
export const SCENARIO_DIR = join(CORPUS_ROOT, 'scenarios');

/** The problem types scenarios speak about (the corpus format leaves notification_late and edit_after_cutoff out). */
export const SCORED_TYPES = [
	'not_sent_to_fulfillment',
	'fulfillment_stuck',
	'backordered',
	'address_invalid',
	'status_mismatch',
	'tracking_missing',
	'tracking_stalled',
	'delivery_late',
	'delivery_failed',
	'returned_to_sender',
] as const;

export interface LoadedScenario {
	name: string;
	scenario: Scenario;
}

export function loadScenarios(): LoadedScenario[] {
	if (!existsSync(SCENARIO_DIR)) return [];
	return readdirSync(SCENARIO_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({
			name: f.replace(/\.json$/, ''),
			scenario: JSON.parse(readFileSync(join(SCENARIO_DIR, f), 'utf8')) as Scenario,
		}));
}

export interface TruthCheck {
	scenario: string;
	orderKey: string;
	at: string;
	expectedStage: string;
	actualStage: string | null;
	expectedProblems: string[];
	/** Scored problem types open at the instant. */
	open: string[];
	/** Real problems the product does not have open. */
	missed: string[];
	/** Open problems the truth does not have (its notProblems, or any other type: `problems` is the complete set). */
	falseAlarms: string[];
	stageRight: boolean;
	ok: boolean;
	why: string;
}

export interface ScenarioRun {
	name: string;
	orderKey: string;
	result: ReplayResult;
	checks: TruthCheck[];
	/** Cases that opened and were cleared with nobody touching them, of a type the truth never had. */
	transient: ExceptionCase[];
	/**
	 * The transient cases that opened on a gap in the capture: carrier scans dated before the case opened
	 * that no read before then returned (the capture has no carrier answer in between), with what was hidden.
	 * A product reading the carrier live at those instants would have had them.
	 */
	captureGaps: Array<{ case: ExceptionCase; hidden: Array<{ at: string; description: string; firstReadAt: string }> }>;
	/** Each push with what its fixture's meta says (signatureValid) and what the trigger's code did. */
	pushes: PushCheck[];
}

export interface PushCheck {
	scenario: string;
	fixture: string;
	/** false when the fixture is documented as forged / badly authenticated. */
	genuine: boolean;
	status: number;
	stored: number;
	problem?: string;
	ok: boolean;
}

const SCORED = new Set<string>(SCORED_TYPES);

export async function runScenario(
	loaded: LoadedScenario,
	options: { sweepEveryMinutes?: number } = {},
): Promise<ScenarioRun> {
	const { scenario, name } = loaded;
	const { har, config } = scenarioToHar(scenario, CORPUS_ROOT);
	const truthTimes = scenario.truth.map((t) => t.at).sort();
	const at = truthTimes[truthTimes.length - 1];
	const result = await replayCapture(parseHar(har), {
		at,
		checkpoints: truthTimes,
		policy: parsePolicy(scenario.policy ?? {}),
		config: { secrets: config.secrets },
		sweepEveryMinutes: options.sweepEveryMinutes,
	});
	const orderKey = scenario.orderKey.replace(/^#/, '');
	const checks = scenario.truth.map((truth) => {
		const at = new Date(Date.parse(truth.at)).toISOString();
		const snapshot = result.snapshots.find((s) => s.at === at);
		const view = snapshot?.orders.find((o) => o.orderKey === orderKey);
		const open = [...new Set((view?.open ?? []).map((c) => c.type).filter((t) => SCORED.has(t)))].sort();
		const missed = truth.problems.filter((p) => !open.includes(p));
		const falseAlarms = open.filter((p) => !truth.problems.includes(p));
		const stageRight = view?.stage === truth.stage;
		return {
			scenario: name,
			orderKey,
			at: truth.at,
			expectedStage: truth.stage,
			actualStage: view?.stage ?? null,
			expectedProblems: [...truth.problems].sort(),
			open,
			missed,
			falseAlarms,
			stageRight,
			ok: stageRight && missed.length === 0 && falseAlarms.length === 0,
			why: truth.why ?? '',
		};
	});
	const everReal = new Set(scenario.truth.flatMap((t) => t.problems));
	const transient = (result.cases.get(orderKey) ?? []).filter(
		(c) =>
			c.resolvedAt &&
			!c.ackedAt &&
			!c.owner &&
			SCORED.has(c.type) &&
			!everReal.has(c.type) &&
			c.resolution !== 'resolved by hand',
	);
	const captureGaps = transient.flatMap((c) => {
		const hidden = scansHiddenWhenOpened(result.observations.get(orderKey) ?? [], c.openedAt);
		return hidden.length ? [{ case: c, hidden }] : [];
	});
	// HAR entries are written in traffic order, so a delivery's entry index is its traffic index.
	const pushes = result.deliveries.map((d) => {
		const fixture = scenario.traffic[d.index]?.fixture ?? '?';
		let genuine = true;
		try {
			const meta = JSON.parse(readFileSync(join(CORPUS_ROOT, fixture.replace(/\.json$/, '.meta.json')), 'utf8')) as {
				expect?: { signatureValid?: boolean };
			};
			genuine = meta.expect?.signatureValid !== false;
		} catch {
			// No meta: the conversion would have failed already; count it genuine.
		}
		const ok = genuine
			? d.status === 200 && !d.problem && d.observations.length > 0
			: d.status === 401 && d.observations.length === 0;
		return {
			scenario: name,
			fixture,
			genuine,
			status: d.status,
			stored: d.observations.length,
			problem: d.problem,
			ok,
		};
	});
	return { name, orderKey, result, checks, transient, captureGaps, pushes };
}

/**
 * Physical carrier scans that happened before `openedAt` but that the product first read after it: the
 * carrier had them, the capture has no read that returned them in time.
 */
export function scansHiddenWhenOpened(
	observations: Observation[],
	openedAt: string,
): Array<{ at: string; description: string; firstReadAt: string }> {
	const openedMs = Date.parse(openedAt);
	const firstRead = new Map<string, { at: string; description: string; firstReadAt: string }>();
	const tracking = observations
		.filter((o) => o.kind === 'tracking')
		.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
	for (const o of tracking) {
		const data = o.data as TrackingData;
		for (const e of data.events ?? []) {
			if (e.physicalScan === false || e.status === 'pre_transit') continue;
			const id = `${data.trackingNumber}|${e.at}|${e.code ?? ''}|${e.description ?? ''}`;
			if (!firstRead.has(id))
				firstRead.set(id, {
					at: e.at,
					description: `${data.carrier} ${data.trackingNumber}: ${e.description ?? e.status}`,
					firstReadAt: o.receivedAt,
				});
		}
	}
	return [...firstRead.values()].filter((e) => Date.parse(e.at) <= openedMs && Date.parse(e.firstReadAt) > openedMs);
}

export interface KnownGap {
	scenario: string;
	/** A truth entry's instant, or a push's fixture. */
	at?: string;
	fixture?: string;
	reason: string;
}

export const KNOWN_GAPS_PATH = join(__dirname, 'known-gaps.json');

export function loadKnownGaps(): KnownGap[] {
	if (!existsSync(KNOWN_GAPS_PATH)) return [];
	const parsed = JSON.parse(readFileSync(KNOWN_GAPS_PATH, 'utf8')) as { gaps?: KnownGap[] };
	return parsed.gaps ?? [];
}

export function describeCheck(c: TruthCheck): string {
	const parts = [`stage ${c.actualStage ?? '(no order)'}${c.stageRight ? '' : ` (truth: ${c.expectedStage})`}`];
	if (c.missed.length) parts.push(`missed ${c.missed.join(', ')}`);
	if (c.falseAlarms.length) parts.push(`false alarm ${c.falseAlarms.join(', ')}`);
	return `${c.scenario} @ ${c.at}: ${c.ok ? 'right' : 'WRONG'}: ${parts.join('; ')}`;
}

/** Per exception type: real (order, instant) pairs found / missed, and raised ones that were not real. */
export function detectionFigures(checks: TruthCheck[]) {
	const perType = new Map<string, { tp: number; fn: number; fp: number }>();
	const bump = (type: string, field: 'tp' | 'fn' | 'fp') => {
		const row = perType.get(type) ?? { tp: 0, fn: 0, fp: 0 };
		row[field] += 1;
		perType.set(type, row);
	};
	for (const c of checks) {
		for (const p of c.expectedProblems) bump(p, c.open.includes(p) ? 'tp' : 'fn');
		for (const p of c.falseAlarms) bump(p, 'fp');
	}
	let tp = 0;
	let fn = 0;
	let fp = 0;
	for (const row of perType.values()) {
		tp += row.tp;
		fn += row.fn;
		fp += row.fp;
	}
	const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
	return {
		entries: checks.length,
		stageAccuracy: ratio(checks.filter((c) => c.stageRight).length, checks.length),
		recall: ratio(tp, tp + fn),
		precision: ratio(tp, tp + fp),
		tp,
		fn,
		fp,
		perType: [...perType.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([type, r]) => ({ type, ...r, recall: ratio(r.tp, r.tp + r.fn), precision: ratio(r.tp, r.tp + r.fp) })),
	};
}
