import { ValidationError } from '../../http/errors';
import type { HoldReason, Observation, ShipmentData } from '../../order/types';
import { PROVIDER_LABELS, type FulfillmentSnapshot, type ListOptions, type ListPage, type ListResult, type ThreePlOperation, type ThreePlProvider } from './types';

/** "#1001" and " 1001 " are the same order everywhere: customers, Shopify and every warehouse. */
export function toOrderKey(orderNumber: string | number | null | undefined): string {
	return String(orderNumber ?? '')
		.trim()
		.replace(/^#+/, '')
		.trim();
}

/** Input check shared by every operation: an empty order number would list or cancel the wrong thing. */
export function requireOrderNumber(orderNumber: unknown, field = 'orderNumber'): string {
	const key = toOrderKey(typeof orderNumber === 'number' ? String(orderNumber) : (orderNumber as string));
	if (!key) {
		throw new ValidationError(
			`The order number is empty`,
			field,
			`Set "Order Number" to the store's order number (for example 1001 or #1001), usually from the previous node with an expression.`,
		);
	}
	return key;
}

export function requireIsoDate(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const at = Date.parse(text);
	if (!text || Number.isNaN(at)) {
		throw new ValidationError(
			`"${String(value)}" is not a date and time`,
			field,
			`Set "${field}" to an ISO 8601 date and time such as 2026-01-31T00:00:00Z (an expression like {{ $now.minus({hours: 1}).toISO() }} works).`,
		);
	}
	return new Date(at).toISOString();
}

/** Thrown, never silently skipped, when a provider's API cannot do what was asked. */
export class UnsupportedOperationError extends ValidationError {
	readonly provider: ThreePlProvider;
	readonly operation: ThreePlOperation;
	constructor(provider: ThreePlProvider, operation: ThreePlOperation, why: string) {
		super(`${operationLabel(operation)} is not supported by ${PROVIDER_LABELS[provider]}`, 'operation', why);
		this.name = 'UnsupportedOperationError';
		this.provider = provider;
		this.operation = operation;
	}
}

export function operationLabel(operation: ThreePlOperation): string {
	return {
		getOrderStatus: 'Get order status',
		listOrdersUpdatedSince: 'List orders updated since',
		getShipments: 'Get shipments',
		updateShippingAddress: 'Update shipping address',
		cancel: 'Cancel order',
	}[operation];
}

/** The order could not be found at the provider: a clear, non-retryable answer. */
export class OrderNotFoundError extends ValidationError {
	constructor(provider: ThreePlProvider, orderNumber: string) {
		super(
			`${PROVIDER_LABELS[provider]} has no order with number ${orderNumber}`,
			'orderNumber',
			`Check the order number, that the order was sent to ${PROVIDER_LABELS[provider]}, and that the credential points at the right account or store.`,
		);
		this.name = 'OrderNotFoundError';
	}
}

/**
 * Free-text hold reasons (ShipBob status details, Extensiv notes) sorted into the canonical reasons.
 * Order matters: "payment address" is about the address, an out-of-stock review is inventory.
 */
export function holdReasonFromText(text: string | null | undefined): HoldReason {
	const t = (text ?? '').toLowerCase();
	if (/address|zip|postal|recipient/.test(t)) return 'address';
	if (/stock|inventory|backorder|back-order|allocat|sku|product/.test(t)) return 'inventory';
	if (/payment|paid|fund|credit card|fraud check|charge/.test(t)) return 'payment';
	if (/review|manual|verify|fraud|approval/.test(t)) return 'manual_review';
	return 'other';
}

/**
 * Walks a paged listing: each page is fetched once (the Transport's retry re-asks the SAME page
 * after a 500, so nothing is skipped), orders seen on an earlier page are not emitted twice (lists
 * shift while orders change under us), and maxPages returns a cursor to resume exactly there.
 */
export async function collectPages(
	fetchPage: (cursor: string | undefined) => Promise<ListPage>,
	options: ListOptions = {},
): Promise<ListResult> {
	const seen = new Set<string>();
	const snapshots: FulfillmentSnapshot[] = [];
	let cursor = options.cursor;
	let pagesFetched = 0;
	for (;;) {
		if (options.maxPages !== undefined && pagesFetched >= options.maxPages) return { snapshots, nextCursor: cursor, pagesFetched };
		const page = await fetchPage(cursor);
		pagesFetched++;
		for (const snapshot of page.snapshots) {
			if (seen.has(snapshot.externalId)) continue;
			seen.add(snapshot.externalId);
			snapshots.push(snapshot);
		}
		if (page.nextCursor === undefined) return { snapshots, pagesFetched };
		cursor = page.nextCursor;
	}
}

/** A stable text fingerprint so the same fact always has the same idempotency key. */
function shipmentFingerprint(s: ShipmentData): string {
	return [s.trackingNumber ?? '', s.voided ? 'voided' : '', s.rawStatus ?? ''].join('|');
}

/** Has it left, or at least got a label? (A voided record is kept so an earlier parcel can be voided.) */
export function isParcel(shipment: ShipmentData): boolean {
	return Boolean(shipment.trackingNumber || shipment.shippedAt || shipment.voided);
}

/**
 * A snapshot becomes observations for Order State: one 'fulfillment' fact for the order and one
 * 'shipment' fact per parcel. Keys change only when the fact changes, so re-reading an unchanged
 * order is absorbed by the ledger.
 */
export function snapshotToObservations(snapshot: FulfillmentSnapshot, receivedAt: string): Observation[] {
	const { provider, orderKey, externalId, fulfillment } = snapshot;
	const observations: Observation[] = [
		{
			source: provider,
			sourceId: externalId,
			orderKey,
			kind: 'fulfillment',
			occurredAt: snapshot.occurredAt,
			receivedAt,
			key: `${provider}:order:${externalId}:${fulfillment.rawStatus}:${fulfillment.status}:${fulfillment.updatedAt ?? snapshot.occurredAt}`,
			data: fulfillment,
		},
	];
	for (const shipment of snapshot.shipments) {
		// A 3PL creates its shipment records with the order (ShipBob: status Processing, OnHold, Exception),
		// long before anything leaves. Only a parcel that has a label or has shipped is a parcel for Order
		// State; a planned one would make an order on hold for its address look shipped.
		if (!isParcel(shipment)) continue;
		observations.push({
			source: provider,
			sourceId: shipment.shipmentId,
			orderKey,
			kind: 'shipment',
			occurredAt: shipment.shippedAt ?? snapshot.occurredAt,
			receivedAt,
			key: `${provider}:shipment:${shipment.shipmentId}:${shipmentFingerprint(shipment)}`,
			data: shipment,
		});
	}
	return observations;
}

/** Sum quantities per SKU (lines without a SKU are kept under their line id or title). */
export function addQuantity(into: Map<string, number>, sku: string | null | undefined, quantity: number): void {
	const key = sku ?? '';
	into.set(key, (into.get(key) ?? 0) + (Number.isFinite(quantity) ? quantity : 0));
}

export function linesFrom(ordered: Map<string, number>, shipped: Map<string, number>): Array<{ sku?: string | null; ordered: number; shipped: number }> {
	const keys = new Set([...ordered.keys(), ...shipped.keys()]);
	return [...keys].map((sku) => ({ sku: sku || null, ordered: ordered.get(sku) ?? 0, shipped: shipped.get(sku) ?? 0 }));
}

/** Totals across lines: the basis for shipped vs partially_shipped. */
export function shippedProgress(lines: Array<{ ordered: number; shipped: number }>): 'none' | 'partial' | 'all' {
	const ordered = lines.reduce((n, l) => n + l.ordered, 0);
	const shipped = lines.reduce((n, l) => n + Math.min(l.shipped, l.ordered), 0);
	if (shipped <= 0) return 'none';
	return shipped >= ordered ? 'all' : 'partial';
}

export function isoOrNull(value: unknown): string | null {
	if (typeof value !== 'string' || !value) return null;
	const at = Date.parse(value);
	return Number.isNaN(at) ? null : new Date(at).toISOString();
}

export function asRecord(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return String(value);
}
