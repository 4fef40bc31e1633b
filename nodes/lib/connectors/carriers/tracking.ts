import { createHash } from 'node:crypto';
import { HttpError } from '../../http';
import type { Observation } from '../../order/types';
import { cleanTrackingNumber } from './detect';
import type { CarrierTracker, TrackResult } from './types';

export interface TrackOutcome {
	trackingNumber: string;
	result?: TrackResult;
	/** The request that carried this number failed (after retries); other batches are unaffected. */
	error?: Error;
}

export function chunk<T>(values: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
	return out;
}

/**
 * Tracks many numbers with as few requests as the carrier allows: duplicates are asked once, the rest
 * go in batches of the carrier's maximum (FedEx 30). A failing batch fails only its own numbers.
 */
export async function trackAll(
	tracker: CarrierTracker,
	trackingNumbers: string[],
	options: { concurrency?: number } = {},
): Promise<Map<string, TrackOutcome>> {
	const unique = [...new Set(trackingNumbers.map(cleanTrackingNumber))];
	const batches = chunk(unique, tracker.maxPerRequest);
	const outcomes = new Map<string, TrackOutcome>();
	let next = 0;
	const worker = async () => {
		while (next < batches.length) {
			const batch = batches[next++];
			try {
				const results = await tracker.trackBatch(batch);
				for (const result of results)
					outcomes.set(result.trackingNumber, { trackingNumber: result.trackingNumber, result });
				for (const number of batch)
					if (!outcomes.has(number))
						outcomes.set(number, {
							trackingNumber: number,
							error: new Error(`${tracker.carrier} returned no result for ${number}`),
						});
			} catch (error) {
				// A 400 on a batch usually means one number the carrier refuses outright: ask one by one so
				// only that number fails and the other 29 still get their answer.
				if (error instanceof HttpError && error.status === 400 && batch.length > 1) {
					for (const number of batch) {
						try {
							const [result] = await tracker.trackBatch([number]);
							outcomes.set(
								number,
								result ? { trackingNumber: number, result } : { trackingNumber: number, error: error as Error },
							);
						} catch (single) {
							outcomes.set(number, { trackingNumber: number, error: single as Error });
						}
					}
				} else for (const number of batch) outcomes.set(number, { trackingNumber: number, error: error as Error });
			}
		}
	};
	const workers = Math.max(1, Math.min(options.concurrency ?? 1, batches.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}

/**
 * The carrier's view as an Observation for Order State. The key hashes the state we saw, so polling
 * the same unchanged parcel twice produces the same key and the ledger absorbs the duplicate.
 */
export function toTrackingObservation(
	result: TrackResult,
	context: { orderKey: string; receivedAt: string },
): Observation<'tracking'> {
	const fingerprint = createHash('sha256')
		.update(
			JSON.stringify([
				result.status,
				result.rawStatus,
				result.lastEventAt,
				result.events.length,
				result.estimatedDelivery,
				result.deliveredAt,
			]) +
				(result.commitment || result.estimatedWindow
					? JSON.stringify([result.commitment ?? null, result.estimatedWindow ?? null])
					: ''),
		)
		.digest('hex')
		.slice(0, 16);
	return {
		source: result.carrier,
		sourceId: result.trackingNumber,
		orderKey: context.orderKey.replace(/^#/, ''),
		kind: 'tracking',
		// A scan read at its latest possible instant (zone unknown) can land after the read itself; nothing we
		// read happened after we read it.
		occurredAt:
			result.lastEventAt && Date.parse(result.lastEventAt) <= Date.parse(context.receivedAt)
				? result.lastEventAt
				: context.receivedAt,
		receivedAt: context.receivedAt,
		key: `${result.carrier}:${result.trackingNumber}:${fingerprint}`,
		data: {
			trackingNumber: result.trackingNumber,
			carrier: result.carrier,
			status: result.status,
			rawStatus: result.rawStatus,
			estimatedDelivery: result.estimatedDelivery ?? null,
			deliveredAt: result.deliveredAt ?? null,
			lastEventAt: result.lastEventAt ?? null,
			events: result.events,
			destinationTimeZone: result.destinationTimeZone ?? null,
			commitment: result.commitment ?? null,
			estimatedWindow: result.estimatedWindow ?? null,
		},
	};
}
