import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { ValidationError } from '../../../lib/http/errors';
import {
	carrierNamesByNumber,
	cleanTrackingNumber,
	resolveCarrier,
	toTrackingObservation,
	type CarrierCode,
} from '../../../lib/connectors/carriers';
import type { Observation, OrderRecord } from '../../../lib/order/types';
import {
	hasError,
	isRecord,
	requireReadWhen,
	shouldRead,
	trackingNumbersToRead,
	withObservations,
} from '../../../lib/pipeline';
import { toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import { outcomeKey, trackEachCarrier, type CarrierNumber, type ItemOutcome } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Read When',
		name: 'readWhen',
		type: 'boolean',
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-boolean -- each item's own plan
		default: '={{ $json.reads.askVendors }}',
		description:
			"Whether to track this work item's parcels. By default the item's own read plan (Claim Batch's `reads`: " +
			'off when its events are only our own notes). An item that is off, or that carries an `error`, passes ' +
			'through unchanged.',
		displayOptions: { show: { operation: ['readForWorkItems'] } },
	},
];

/** One parcel of one work item: the carrier to ask, or why none can be asked. */
interface Parcel {
	trackingNumber: string;
	carrier?: CarrierCode;
	error?: unknown;
}

/** What the run does with one input item. */
type Plan = { pass: true } | { failure: unknown } | { orderKey: string; parcels: Parcel[] };

/**
 * The parcels of every work item to read are collected first, so each carrier is asked once per run for all
 * of them (FedEx 30 numbers per request across orders, one token per carrier); then every item gets its own
 * numbers' tracking observations. A carrier that cannot answer for a number is never the order's failure
 * (gatherFacts: that parcel just has no fresh scan this run): the item carries it in `trackingProblems`.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<ItemOutcome[]> {
	const plans = items.map((item, i): Plan => {
		try {
			// An item on its way to Fail is not asked about (nor is its Read When worked out). An empty Read When
			// (no `reads` on the item) is named, as on the other read nodes, instead of silently reading nothing.
			if (hasError(item.json)) return { pass: true };
			if (!shouldRead(item.json, requireReadWhen(this.getNodeParameter('readWhen', i) as unknown, 'askVendors')))
				return { pass: true };
			return { orderKey: typeof item.json.orderKey === 'string' ? item.json.orderKey : '', parcels: parcelsOf(item) };
		} catch (error) {
			return { failure: error };
		}
	});

	const wanted = new Map<string, CarrierNumber>();
	for (const plan of plans)
		if ('parcels' in plan)
			for (const p of plan.parcels)
				if (p.carrier) wanted.set(outcomeKey(p.carrier, p.trackingNumber), p as CarrierNumber);
	const outcomes = await trackEachCarrier.call(this, [...wanted.values()]);

	const receivedAt = new Date().toISOString();
	const secrets = await credentialSecrets(this);
	return plans.map((plan, itemIndex): ItemOutcome => {
		if ('pass' in plan) return { itemIndex, json: items[itemIndex].json };
		if ('failure' in plan) return { itemIndex, error: plan.failure, context: {} };
		const observations: Observation[] = [];
		const trackingProblems: IDataObject[] = [];
		for (const parcel of plan.parcels) {
			const outcome = parcel.carrier ? outcomes.get(outcomeKey(parcel.carrier, parcel.trackingNumber)) : undefined;
			if (outcome?.result && !parcel.error) {
				observations.push(toTrackingObservation(outcome.result, { orderKey: plan.orderKey, receivedAt }));
				continue;
			}
			// As Track's error item for that number says it (Track under "On Error: Continue").
			const error = toNodeError(
				this.getNode(),
				parcel.error ?? outcome?.error ?? new Error(`No result for ${parcel.trackingNumber}`),
				itemIndex,
				secrets,
			);
			trackingProblems.push({
				trackingNumber: parcel.trackingNumber,
				carrier: parcel.carrier ?? null,
				error: error.message,
				description: error.description ?? null,
			});
		}
		const json = withObservations(items[itemIndex].json, observations) as IDataObject;
		return { itemIndex, json: { ...json, trackingProblems } };
	});
}

/**
 * The numbers to track for one work item (trackingNumbersToRead: the facts read so far, then the stored
 * order's parcels still on their way), each with its carrier: told from the number and the carrier the facts
 * name for it. A number no carrier can be told for is that parcel's problem, not the item's.
 */
function parcelsOf(item: INodeExecutionData): Parcel[] {
	const { observations = [], previous = null } = item.json;
	if (!Array.isArray(observations))
		throw new ValidationError(
			`The work item's observations are not a list (${typeof observations})`,
			'observations',
			'Feed this node the work items of Order Ledger > Claim Batch (Output: One Item per Order), or the nodes ' +
				'after it, which keep `observations` a list.',
		);
	if (previous !== null && (!isRecord(previous) || (previous.shipments != null && !Array.isArray(previous.shipments))))
		throw new ValidationError(
			"The work item's previous is not a stored order (an object whose shipments are a list)",
			'previous',
			'Keep `previous` as Claim Batch gives it (the stored order, or null for an order not stored yet).',
		);
	const record = previous as OrderRecord | null;
	const names = carrierNamesByNumber(observations, record?.shipments ?? []);
	const numbers = new Set(
		trackingNumbersToRead(observations as Observation[], record)
			.map(cleanTrackingNumber)
			.filter(Boolean),
	);
	return [...numbers].map((trackingNumber) => {
		try {
			return { trackingNumber, carrier: resolveCarrier(trackingNumber, 'auto', names.get(trackingNumber)) };
		} catch (error) {
			return { trackingNumber, error };
		}
	});
}
