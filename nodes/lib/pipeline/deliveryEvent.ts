import type { NewEvent } from '../ledger/types';

/**
 * What a trigger stores when it writes a verified delivery to the ledger itself (issue 16): the same event the
 * intake template's Append Event stored from the trigger's item, so the event processor cannot tell the two
 * apart. The key is the trigger's own (Shopify: topic and signed-body digest); the order is the first
 * observation's, and the whole item is the payload (the processor reads its `observations` back).
 */
export interface DeliveryItem {
	eventKey?: unknown;
	topic?: unknown;
	receivedAt?: unknown;
	observations?: unknown;
	[field: string]: unknown;
}

export class DeliveryEventError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'DeliveryEventError';
	}
}

export function deliveryEvent(item: DeliveryItem, source: string): NewEvent {
	const key = typeof item.eventKey === 'string' ? item.eventKey.trim() : '';
	// The trigger computes the key from the signed body: an empty one is a bug there, never a reason to store
	// the delivery under a key every other broken delivery would share.
	if (!key) throw new DeliveryEventError('eventKey', 'the delivery has no event key to store it under');
	const observations = Array.isArray(item.observations) ? item.observations : [];
	const first = observations.find(
		(o): o is { orderKey: string } =>
			typeof o === 'object' && o !== null && typeof (o as { orderKey?: unknown }).orderKey === 'string',
	);
	return {
		key,
		source,
		topic: typeof item.topic === 'string' && item.topic ? item.topic : null,
		orderKey: first?.orderKey || null,
		payload: item,
		receivedAt: typeof item.receivedAt === 'string' ? item.receivedAt : null,
	};
}
