/** Small hand-made inputs for the pipeline functions: only the fields each rule reads, the rest plain defaults. */
import type { ClaimedEvent, OrderWorkItem } from '../../../nodes/lib/pipeline';
import type {
	ExceptionCase,
	ExceptionType,
	Observation,
	ObservationKind,
	OrderFact,
	OrderRecord,
	ShipmentState,
	Source,
} from '../../../nodes/lib/order';

export const NOW = '2026-03-02T14:00:00.000Z';
export const NOW_MS = Date.parse(NOW);

/** A claimed event: id and lease token derived from the key, so each event of a test is distinct. */
export function claimed(key: string, fields: Partial<ClaimedEvent> = {}): ClaimedEvent {
	return {
		id: `id-${key}`,
		key,
		source: 'shopify',
		topic: 'orders/updated',
		orderKey: null,
		payload: {},
		leaseToken: `lease-${key}`,
		...fields,
	};
}

export function observation(
	source: Source,
	kind: ObservationKind,
	data: Record<string, unknown> = {},
	fields: Partial<Observation> = {},
): Observation {
	return {
		source,
		sourceId: `${source}-${kind}`,
		orderKey: '1001',
		kind,
		occurredAt: NOW,
		receivedAt: NOW,
		key: `${source}:${kind}:${JSON.stringify(data)}`,
		data,
		...fields,
	} as Observation;
}

export function fact(source: Source, kind: ObservationKind, fields: Partial<OrderFact> = {}): OrderFact {
	return {
		slot: `${source}|${kind}|x`,
		source,
		kind,
		sourceId: 'x',
		at: NOW,
		key: 'k',
		firstAt: NOW,
		data: {},
		...fields,
	} as OrderFact;
}

export function parcel(key: string, fields: Partial<ShipmentState> = {}): ShipmentState {
	return { key, trackingNumber: key, seenBy: ['shopify'], ...fields };
}

export function record(fields: Partial<OrderRecord> = {}): OrderRecord {
	return {
		orderKey: '1001',
		stage: 'shipped',
		stageChangedAt: NOW,
		sourceStatus: {},
		dates: {},
		shipments: [],
		customer: {},
		exceptions: [],
		openExceptionTypes: [],
		notifications: [],
		lastSeen: {},
		version: 1,
		updatedAt: NOW,
		facts: [],
		...fields,
	};
}

export function exceptionCase(type: ExceptionType, orderKey = '1001'): ExceptionCase {
	return { id: `${orderKey}:${type}`, orderKey, type, severity: 'medium', openedAt: NOW, evidence: {} };
}

export function workItem(fields: Partial<OrderWorkItem> = {}): OrderWorkItem {
	return {
		orderKey: '1001',
		events: [{ id: 'e1', key: 'k1', leaseToken: 't1', source: 'shopify', topic: 'orders/updated' }],
		observations: [],
		hints: { shopifyInHand: false, warehouseInHand: false, notificationsOnly: false },
		problems: [],
		...fields,
	};
}
