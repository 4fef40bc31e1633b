/**
 * The planted truth against the ledger's records: recall and precision over (order, exception type) pairs,
 * and stage accuracy, with the lists that name what went wrong.
 */
import type { ExceptionType, OrderRecord } from '../../../nodes/lib/order/types';
import type { TruthEntry } from '../../sandbox/world/model';

export interface DetectionScore {
	orders: number;
	planted: number;
	/** Planted (order, type) pairs detected / planted pairs. */
	recall: number;
	/** Detected (order, type) pairs that the truth expects / all detected pairs. */
	precision: number;
	stageAccuracy: number;
	missed: Array<{ orderKey: string; type: ExceptionType; plant: string | null }>;
	unexpected: Array<{ orderKey: string; type: ExceptionType; plant: string | null; story: string | null }>;
	wrongStage: Array<{ orderKey: string; expected: string; actual: string | null }>;
	missingOrders: string[];
}

export function scoreDetection(truth: Record<string, TruthEntry>, records: Map<string, OrderRecord>): DetectionScore {
	const missed: DetectionScore['missed'] = [];
	const unexpected: DetectionScore['unexpected'] = [];
	const wrongStage: DetectionScore['wrongStage'] = [];
	const missingOrders: string[] = [];
	let expectedPairs = 0;
	let detectedPairs = 0;
	let truePairs = 0;
	let stageRight = 0;
	for (const t of Object.values(truth)) {
		const record = records.get(t.orderKey);
		if (!record) missingOrders.push(t.orderKey);
		const open = new Set(record?.openExceptionTypes ?? []);
		expectedPairs += t.exceptions.length;
		for (const type of t.exceptions)
			if (open.has(type)) truePairs++;
			else missed.push({ orderKey: t.orderKey, type, plant: t.plant });
		for (const type of open) {
			detectedPairs++;
			if (!t.exceptions.includes(type)) unexpected.push({ orderKey: t.orderKey, type, plant: t.plant, story: t.story });
		}
		if (record?.stage === t.stage) stageRight++;
		else wrongStage.push({ orderKey: t.orderKey, expected: t.stage, actual: record?.stage ?? null });
	}
	const orders = Object.keys(truth).length;
	return {
		orders,
		planted: Object.values(truth).filter((t) => t.plant).length,
		recall: expectedPairs === 0 ? 1 : truePairs / expectedPairs,
		precision: detectedPairs === 0 ? 1 : truePairs / detectedPairs,
		stageAccuracy: orders === 0 ? 1 : stageRight / orders,
		missed,
		unexpected,
		wrongStage,
		missingOrders,
	};
}
