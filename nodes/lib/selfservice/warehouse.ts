/**
 * One warehouse port for the self-service address change and cancellation (issue 17): whichever system the
 * store's orders are fulfilled from (ShipStation, or a 3PL: ShipBob, ShipHero, ShipMonk, Extensiv), the flows ask
 * it the same things: can you change a ship-to (cancel) at all, what is the order's live status and ship-to, set
 * this ship-to, and cancel the order, each exactly once. Pure over the connectors' clients: no n8n, no state of
 * its own.
 *
 * Exactly once (DESIGN: look before you repeat): changeAddress reads first and adopts an address the warehouse
 * already holds (an earlier attempt whose answer was lost after the warehouse acted), and the clients send the
 * write itself once (after a lost answer they read back instead of sending again). The change is confirmed by
 * reading the order back: an answer that says yes is not taken for the address. The cancel works the same way:
 * read first, adopt a cancel already there, send once, confirm by reading back.
 */
import { HttpError, ValidationError } from '../http/errors';
import { OutcomeUnknownError } from '../http/outcome';
import { PROVIDER_LABELS, type OrderLookupKeys, type ThreePlClient } from '../connectors/threepl';
import type { ShipStationV1Client } from '../connectors/shipstation/client';
import { orderToObservation, toAddress } from '../connectors/shipstation/normalise';
import type { SsAddress, SsOrder } from '../connectors/shipstation/types';
import { normaliseCountry, sameShipTo, shipToDifferences } from '../order/address';
import type { Address, FulfillmentStatus, OrderRecord } from '../order/types';
import type { LiveStatus } from './window';
import { swapsReflected, unitsBySku, type WarehouseItem, type WarehouseItemSwap } from '../order/itemSwap';

export { sameShipTo, shipToDifferences };
export type { WarehouseItem, WarehouseItemSwap };

export const WAREHOUSES = ['shipstation', 'shipbob', 'shiphero', 'shipmonk', 'extensiv'] as const;
export type Warehouse = (typeof WAREHOUSES)[number];

export const WAREHOUSE_LABELS: Record<Warehouse, string> = { shipstation: 'ShipStation', ...PROVIDER_LABELS };

/** Every key the order record knows: the warehouse is asked by each (store integrations file by the Shopify id). */
export interface WarehouseOrderRef {
	/** The canonical order key, the store's order number without '#' ("1001"). */
	orderKey: string;
	/** The Shopify order name when it is more than "#" + number ("SB1001-US"). */
	orderName?: string | null;
	/** The Shopify order id, numeric or as a gid. */
	shopifyOrderId?: string | null;
}

/** Every key the record knows for the order, as warehouses are asked (the Shopify id first). */
export function warehouseRefOf(record: OrderRecord): WarehouseOrderRef {
	return { orderKey: record.orderKey, orderName: record.name ?? null, shopifyOrderId: record.shopifyId ?? null };
}

export interface WarehouseAddressRead {
	status: LiveStatus;
	/** The ship-to the warehouse holds (null: it holds none, or does not have the order). */
	address: Address | null;
	/** The warehouse's own id of the order (null when it does not have it). */
	externalId: string | null;
	/** The order's items, SKU and quantity per line (3PLs: summed per SKU); empty when it does not have the order. */
	items: Array<{ sku: string; quantity: number }>;
}

export interface WarehouseAddressChange {
	/** The ship-to as read back from the warehouse after the change. */
	address: Address | null;
	/** true: the warehouse already held the address, so nothing was written (an earlier attempt had done it). */
	adopted: boolean;
	status: LiveStatus;
}

export interface WarehousePort {
	readonly warehouse: Warehouse;
	/** Whether this warehouse's API can change a ship-to address at all (Extensiv: no). */
	readonly canChangeAddress: boolean;
	/**
	 * Live status and current ship-to, asked by every key; status 'not_found' when it does not have the order.
	 * observedAt is `now()` taken before asking. Throws on vendor errors.
	 */
	read(ref: WarehouseOrderRef, now: () => Date): Promise<WarehouseAddressRead>;
	/**
	 * Sets the ship-to address, exactly once: reads first; when the warehouse already holds `address` (a previous
	 * attempt that timed out after the vendor acted) it adopts and does not write again; otherwise writes, then
	 * reads back and confirms. `address` is the whole ship-to: a field left empty is cleared at the warehouse; the
	 * street (address1), the city and the country are required. Throws a WarehouseAddressError (which field, what
	 * to do) when the warehouse refuses (shipped, picking, cancelled, unsupported, not there) or keeps another
	 * address; a vendor failure (down, rate-limited, an answer lost twice) is thrown as it is, to retry.
	 */
	changeAddress(ref: WarehouseOrderRef, address: Address, now: () => Date): Promise<WarehouseAddressChange>;
	/** Whether this warehouse's API can cancel an order (all five can; Extensiv's canceler has no published spec). */
	readonly canCancel: boolean;
	/**
	 * Cancels the order, exactly once: reads first (by every key); an order already cancelled is adopted (nothing
	 * sent: an earlier attempt whose answer was lost, or a person); otherwise sends the cancel once, reads back and
	 * confirms. Throws a WarehouseCancelError (which field, what to do) when there is nothing to cancel there
	 * (not_found), the order shipped, the warehouse started work its cancel does not undo (picking; see
	 * STARTED_WORK), it refused, or it still shows the order not cancelled (not_applied); a vendor failure (down,
	 * rate-limited, an answer lost twice) is thrown as it is, to retry.
	 */
	cancel(ref: WarehouseOrderRef, now: () => Date): Promise<WarehouseCancel>;
	/** Whether this warehouse's published API can change an order's items (ShipBob, Extensiv: no). */
	readonly canSwapItems: boolean;
	/**
	 * Swaps items of the order, exactly once: reads first (by every key); when every swap already shows (the old SKU
	 * gone for the quantity, the new one there: an earlier attempt whose answer was lost, or a person in the
	 * warehouse's own app) it adopts and writes nothing; otherwise refuses what the warehouse will not do
	 * (not_found, shipped, cancelled, picking), then `unsupported` where the API cannot (after the read, so a change
	 * made by hand is still adopted); otherwise writes once, reads back and confirms (not_applied when the old SKU is
	 * still there, the new one is missing or appears twice). A vendor failure is thrown as it is, to retry.
	 */
	swapItems(ref: WarehouseOrderRef, swaps: WarehouseItemSwap[], now: () => Date): Promise<WarehouseSwap>;
}

export interface WarehouseSwap {
	/** true: the warehouse already showed every swap done, so nothing was written. */
	adopted: boolean;
	status: LiveStatus;
	externalId: string | null;
	/** The order's items as read back (SKU and quantity per line). */
	items: Array<{ sku: string; quantity: number }>;
}

export interface WarehouseCancel {
	/** true: the warehouse already showed the order cancelled, so nothing was sent. */
	adopted: boolean;
	/** The status read back (cancelled). */
	status: LiveStatus;
	externalId: string | null;
}

/** Why an address change did not happen, as one code the flow can show a customer a message for. */
export const ADDRESS_CHANGE_FAILURES = [
	/** The warehouse's API cannot change a ship-to (Extensiv). */
	'unsupported',
	/** The warehouse does not have the order (asked by every key): only Shopify's address needs changing. */
	'not_found',
	/** The order has shipped (or partly): the parcel's label has the old address. */
	'shipped',
	/** The warehouse cancelled its order. */
	'cancelled',
	/** The warehouse started work on the order (picking, packing, handed to a fulfillment provider). */
	'picking',
	/** The warehouse refused for another reason (its message is in the error). */
	'refused',
	/** The warehouse took the change but still shows another address when read back. */
	'not_applied',
] as const;
export type AddressChangeFailure = (typeof ADDRESS_CHANGE_FAILURES)[number];

/** Why a cancel did not happen at the warehouse, as one code the flow can act on. */
export const CANCEL_FAILURES = [
	/** The warehouse does not have the order (asked by every key): there is nothing to cancel there. */
	'not_found',
	/** The order has shipped (or partly): only a return or the carrier can stop it now. */
	'shipped',
	/** The warehouse started work its cancel does not undo (picking, packing, handed to a fulfillment provider). */
	'picking',
	/** The warehouse refused for another reason (its message is in the error). */
	'refused',
	/** The warehouse took the cancel but does not show the order cancelled when read back. */
	'not_applied',
] as const;
export type CancelFailure = (typeof CANCEL_FAILURES)[number];

/** Why an item swap did not happen at the warehouse, as one code the flow can show a customer a message for. */
export const SWAP_FAILURES = [
	/** The warehouse's API cannot change an order's items (ShipBob, Extensiv). */
	'unsupported',
	/** The warehouse does not have the order (asked by every key). */
	'not_found',
	/** The order has shipped (or partly). */
	'shipped',
	/** The warehouse cancelled its order. */
	'cancelled',
	/** The warehouse started work on the order (picking, packing, handed to a fulfillment provider). */
	'picking',
	/** The warehouse refused for another reason (its message is in the error). */
	'refused',
	/** The warehouse took the change but the read-back does not show it (old SKU there, new one missing or twice). */
	'not_applied',
] as const;
export type SwapFailure = (typeof SWAP_FAILURES)[number];

/** What the warehouse would not do; `reason` says why, `status` what the warehouse said when last asked. */
class WarehouseRefusal<R extends string> extends ValidationError {
	readonly warehouse: Warehouse;
	readonly reason: R;
	/** The warehouse's status read after it refused (null when it could not be asked again). */
	readonly status: LiveStatus | null;
	constructor(
		warehouse: Warehouse,
		reason: R,
		message: string,
		field: string,
		hint: string,
		status: LiveStatus | null,
	) {
		super(message, field, hint);
		this.warehouse = warehouse;
		this.reason = reason;
		this.status = status;
	}
}

/** A change of ship-to the warehouse did not make. */
export class WarehouseAddressError extends WarehouseRefusal<AddressChangeFailure> {
	override readonly name = 'WarehouseAddressError';
}

/** A cancel the warehouse did not make (or not wholly: not_applied). */
export class WarehouseCancelError extends WarehouseRefusal<CancelFailure> {
	override readonly name = 'WarehouseCancelError';
}

/** An item swap the warehouse did not make (or not wholly: not_applied). */
export class WarehouseSwapError extends WarehouseRefusal<SwapFailure> {
	override readonly name = 'WarehouseSwapError';
}

/** What one warehouse answered when asked: its normalised status, and what a write needs (ShipStation: the order). */
interface Held {
	status: FulfillmentStatus | 'not_found';
	rawStatus: string | null;
	address: Address | null;
	externalId: string | null;
	/** The order's items, SKU and quantity per line (3PLs: summed per SKU, as their snapshots keep them). */
	items: WarehouseItem[];
	order?: SsOrder;
}

/** The two things that differ between warehouses; everything else the port does the same way for each. */
interface Driver {
	warehouse: Warehouse;
	/** Why the API cannot change a ship-to; undefined when it can. */
	unsupported?: string;
	read(ref: WarehouseOrderRef, observedAt: string): Promise<Held>;
	write(ref: WarehouseOrderRef, held: Held, address: Address): Promise<void>;
	/** Sends the cancel once (the client reads back after a lost answer); a refusal is thrown. */
	cancel(ref: WarehouseOrderRef, held: Held): Promise<void>;
	/** Why the API cannot change an order's items; undefined when it can. */
	swapUnsupported?: string;
	/** Sends the swap once (the client reads back after a lost answer); a refusal is thrown. */
	swapItems(ref: WarehouseOrderRef, held: Held, swaps: WarehouseItemSwap[]): Promise<void>;
}

/** What a 3PL keeps as the reason of a cancel, where its API takes one (ShipHero, Extensiv). */
export const CANCEL_NOTE = 'Cancelled by the customer (self-service)';

/** The part after the last "/" of a raw status ("unfulfilled/pick_in_progress", "Open/PickStarted"). */
function rawStage(held: Held): string {
	return (held.rawStatus ?? '').split('/').pop() ?? '';
}

/**
 * Whether the warehouse started work on the order that its cancel does not undo, per warehouse, from what each
 * API documents; the flow refuses such a cancel (reason picking) instead of sending it:
 * - ShipStation: pending_fulfillment (handed to a fulfillment provider); createorder only updates open orders.
 * - ShipBob: a labelled shipment (LabeledCreated). A picked or packed one still reads as Processing: ShipBob's own
 *   cancel refuses it ("must not be picked, packed, or shipped"), and the port reads that refusal as picking.
 * - ShipHero: none. order_cancel refuses only an order with valid labels or completed shipments (its `force`
 *   input, never sent, would void them), which reads as shipped; an order being picked is cancelled.
 * - ShipMonk: pick_in_progress, pack_in_progress, packed, awaiting_pick_up; there its cancel only turns the order
 *   cancellation_requested (the warehouse decides), and an order already cancellation_requested waits on that.
 * - Extensiv: PickStarted, PickDone, PackDone. No published spec in our store: the canceler as it was built is
 *   kept, and work started is refused rather than guessed at.
 */
const STARTED_WORK: Record<Warehouse, (held: Held) => boolean> = {
	shipstation: (held) => ['processing', 'picked', 'packed'].includes(held.status),
	shipbob: (held) => held.status === 'picked' || held.status === 'packed',
	shiphero: () => false,
	shipmonk: (held) =>
		['pick_in_progress', 'pack_in_progress', 'packed', 'awaiting_pick_up', 'cancellation_requested'].includes(
			rawStage(held),
		),
	extensiv: (held) => ['PickStarted', 'PickDone', 'PackDone'].includes(rawStage(held)),
};

export function warehousePort(kind: 'shipstation', clients: { v1: ShipStationV1Client }): WarehousePort;
export function warehousePort(kind: Exclude<Warehouse, 'shipstation'>, client: ThreePlClient): WarehousePort;
export function warehousePort(kind: Warehouse, clients: { v1: ShipStationV1Client } | ThreePlClient): WarehousePort {
	if (kind === 'shipstation') return portOf(shipStationDriver((clients as { v1: ShipStationV1Client }).v1));
	const client = clients as ThreePlClient;
	if (client.provider !== kind)
		throw new Error(`warehousePort: a ${client.provider} client cannot serve as the ${kind} warehouse`);
	return portOf(threePlDriver(client));
}

function keysOf(ref: WarehouseOrderRef): OrderLookupKeys {
	return { orderNumber: ref.orderKey, orderName: ref.orderName ?? null, shopifyOrderId: ref.shopifyOrderId ?? null };
}

const NOT_FOUND: Held = { status: 'not_found', rawStatus: null, address: null, externalId: null, items: [] };

function shipStationDriver(v1: ShipStationV1Client): Driver {
	return {
		warehouse: 'shipstation',
		async read(ref, observedAt) {
			const lookup = await v1.lookUpOrder(keysOf(ref), () => observedAt);
			if (lookup.orders.length === 0) return NOT_FOUND;
			if (lookup.orders.length > 1) {
				throw new ValidationError(
					`ShipStation has ${lookup.orders.length} orders numbered ${lookup.orderKey} (ids ` +
						`${lookup.orders.map((o) => o.orderId).join(', ')})`,
					'orderKey',
					'The number exists in several stores or the order was split: give the Shopify order ID (ShipStation ' +
						'keeps it as the order key) so one order is meant, or change the address in ShipStation.',
				);
			}
			const order = lookup.orders[0];
			const fulfillment = orderToObservation(order, observedAt).data;
			return {
				status: fulfillment.status,
				rawStatus: fulfillment.rawStatus,
				address: toAddress(order.shipTo),
				externalId: String(order.orderId),
				items: (fulfillment.lines ?? []).map((l) => ({ sku: l.sku ?? null, quantity: l.ordered })),
				order,
			};
		},
		async write(_ref, held, address) {
			await v1.updateShippingAddress(held.order!, shipStationShipTo(address));
		},
		async cancel(_ref, held) {
			await v1.cancelOrder(held.order!);
		},
		async swapItems(_ref, held, swaps) {
			await v1.swapItems(held.order!, swaps);
		},
	};
}

/** The canonical ship-to as ShipStation's address, every field set (ShipStation replaces the whole address). */
function shipStationShipTo(address: Address): Partial<SsAddress> {
	return {
		name: address.name ?? null,
		company: address.company ?? null,
		street1: address.address1 ?? null,
		street2: address.address2 ?? null,
		street3: null,
		city: address.city ?? null,
		state: address.provinceCode ?? address.province ?? null,
		postalCode: address.zip ?? null,
		country: address.countryCode ?? address.country ?? null,
		phone: address.phone ?? null,
	};
}

function threePlDriver(client: ThreePlClient): Driver {
	return {
		warehouse: client.provider,
		unsupported: client.unsupported.updateShippingAddress,
		async read(ref) {
			const { snapshot } = await client.lookUpOrder(keysOf(ref));
			if (!snapshot) return NOT_FOUND;
			return {
				status: snapshot.fulfillment.status,
				rawStatus: snapshot.fulfillment.rawStatus,
				address: snapshot.fulfillment.shippingAddress ?? null,
				externalId: snapshot.externalId || null,
				// What will ship where the warehouse says so apart from the order's lines (ShipBob's shipments).
				items:
					snapshot.fulfillment.heldItems ??
					(snapshot.fulfillment.lines ?? []).map((l) => ({ sku: l.sku ?? null, quantity: l.ordered })),
			};
		},
		async write(ref, _held, address) {
			await client.updateShippingAddress(keysOf(ref), address);
		},
		async cancel(ref) {
			// The answer's own verdict is not taken for the cancel: the port reads the order back.
			await client.cancel(keysOf(ref), CANCEL_NOTE);
		},
		swapUnsupported: client.swapItems
			? undefined
			: (client.itemSwapUnsupported ?? `Change the items in ${PROVIDER_LABELS[client.provider]} itself.`),
		async swapItems(ref, _held, swaps) {
			// The answer's own verdict is not taken for the swap: the port reads the order back.
			await client.swapItems!(keysOf(ref), swaps);
		},
	};
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * The address as the whole ship-to a warehouse should hold: every field present (null when empty, so it is
 * cleared), trimmed; the country as its two-letter code. Names the first field a warehouse cannot do without.
 */
export function wholeShipTo(address: Address): Address {
	const out: Address = {
		name: text(address.name),
		company: text(address.company),
		address1: text(address.address1),
		address2: text(address.address2),
		city: text(address.city),
		province: text(address.province),
		provinceCode: text(address.provinceCode),
		zip: text(address.zip),
		country: text(address.country),
		countryCode: text(address.countryCode),
		phone: text(address.phone),
	};
	if (!out.address1)
		throw new ValidationError('The new address has no street', 'address.address1', 'Give the first street line.');
	if (!out.city) throw new ValidationError('The new address has no city', 'address.city', 'Give the city.');
	const code = normaliseCountry(out);
	if (!/^[A-Z]{2}$/.test(code)) {
		throw new ValidationError(
			out.countryCode || out.country
				? `"${out.countryCode ?? out.country}" is not a country code`
				: 'The new address has no country',
			'address.countryCode',
			'Give the two-letter ISO country code (US, CA, GB...): warehouses take the code.',
		);
	}
	out.countryCode = code;
	return out;
}

function liveOf(held: Held, observedAt: string): LiveStatus {
	return { status: held.status, observedAt };
}

/** Why the warehouse would not, from what it says about the order now. */
function failureFor(status: Held['status']): Exclude<AddressChangeFailure, 'unsupported' | 'not_applied'> {
	switch (status) {
		case 'not_found':
			return 'not_found';
		case 'shipped':
		case 'partially_shipped':
			return 'shipped';
		case 'cancelled':
			return 'cancelled';
		case 'processing':
		case 'picked':
		case 'packed':
			return 'picking';
		default:
			return 'refused';
	}
}

/**
 * Why a cancel is not sent, from the read before it: nothing there, shipped, or work started that the warehouse's
 * cancel does not undo. An open order in 'processing' is sent: ShipBob's and ShipMonk's open orders read so, and
 * the warehouse itself says no when it has started (then cancelFailureFor reads its refusal).
 */
function blockedBeforeCancel(warehouse: Warehouse, held: Held): 'not_found' | 'shipped' | 'picking' | null {
	if (held.status === 'not_found') return 'not_found';
	if (held.status === 'shipped' || held.status === 'partially_shipped') return 'shipped';
	return STARTED_WORK[warehouse](held) ? 'picking' : null;
}

/**
 * Why a swap is not sent, from what the warehouse says of the order: nothing there, shipped, cancelled, or work
 * started (STARTED_WORK, as for a cancel: ShipBob's and ShipMonk's open orders read 'processing', so that status
 * alone is not work started; the warehouse's own refusal says so when it is).
 */
function swapBlocked(
	warehouse: Warehouse,
	held: Held,
): Exclude<SwapFailure, 'unsupported' | 'refused' | 'not_applied'> | null {
	const reason = failureFor(held.status);
	if (reason === 'not_found' || reason === 'shipped' || reason === 'cancelled') return reason;
	return STARTED_WORK[warehouse](held) ? 'picking' : null;
}

/**
 * Why the warehouse would not cancel, from what it says about the order after it said no: as for a change, and
 * work started that its cancel does not undo (STARTED_WORK) is picking too. A cancelled order is not a reason (it
 * is adopted).
 */
function cancelFailureFor(warehouse: Warehouse, held: Held): Exclude<CancelFailure, 'not_applied'> {
	const reason = failureFor(held.status);
	if (reason === 'refused' && STARTED_WORK[warehouse](held)) return 'picking';
	return reason === 'cancelled' ? 'refused' : reason;
}

/**
 * A failure that is the warehouse's answer to this change (a refusal, a 4xx, the client's own check of the
 * order's state), not a failure to ask it (down, rate-limited, refused credentials, an answer lost twice): the
 * former ends the change with a reason, the latter is thrown as it is, for the caller to try again.
 */
function isRefusal(error: unknown): boolean {
	if (error instanceof OutcomeUnknownError) return false;
	if (error instanceof ValidationError) return true;
	return (
		error instanceof HttpError &&
		error.status >= 400 &&
		error.status < 500 &&
		![401, 403, 408, 429].includes(error.status)
	);
}

/** What the warehouse said when it refused, without the request line: its own message where it gave one. */
function answerOf(error: unknown): string {
	if (!(error instanceof HttpError)) return (error as Error).message;
	const body = error.body;
	const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	const said = record.ExceptionMessage ?? record.message ?? record.Message ?? (typeof body === 'string' ? body : '');
	return `it answered ${error.status}${said ? `: ${String(said).slice(0, 300)}` : ''}`;
}

/** The swaps checked before any warehouse is asked: each names two SKUs and a whole positive quantity. */
export function checkedSwaps(swaps: readonly WarehouseItemSwap[]): WarehouseItemSwap[] {
	if (!Array.isArray(swaps) || swaps.length === 0)
		throw new ValidationError('No item swap was given', 'swaps', 'Give at least one line to swap.');
	return swaps.map((swap, i) => {
		const fromSku = text(swap.fromSku);
		const toSku = text(swap.toSku);
		if (!fromSku || !toSku) {
			throw new ValidationError(
				`Swap ${i + 1} has no ${fromSku ? 'new' : 'old'} SKU`,
				`swaps[${i}].${fromSku ? 'toSku' : 'fromSku'}`,
				'Warehouses know items by SKU: give the variant a SKU in Shopify, or change the items in the warehouse.',
			);
		}
		if (fromSku === toSku)
			throw new ValidationError(
				`Swap ${i + 1} swaps ${fromSku} for itself`,
				`swaps[${i}].toSku`,
				'Pick another variant.',
			);
		if (!Number.isInteger(swap.quantity) || swap.quantity < 1)
			throw new ValidationError(
				`Swap ${i + 1} has quantity ${String(swap.quantity)}`,
				`swaps[${i}].quantity`,
				'Give the whole number of units swapped (1 or more).',
			);
		return { ...swap, fromSku, toSku, toTitle: text(swap.toTitle) ?? toSku };
	});
}

/**
 * What the read-back shows wrong with the swaps, compared with the order before the write: each SKU must have moved
 * by exactly the swapped quantity (the old one down, the new one up). More of the new SKU than that means the swap
 * landed twice; the old one left means it did not land. Empty when every swap is there.
 */
export function swapShortfalls(
	before: readonly WarehouseItem[],
	after: readonly WarehouseItem[],
	swaps: readonly WarehouseItemSwap[],
): string[] {
	const was = unitsBySku(before);
	const now = unitsBySku(after);
	const out: string[] = [];
	for (const s of swaps) {
		const from = now.get(s.fromSku) ?? 0;
		const to = now.get(s.toSku) ?? 0;
		const toWanted = (was.get(s.toSku) ?? 0) + s.quantity;
		if (from > Math.max(0, (was.get(s.fromSku) ?? 0) - s.quantity)) out.push(`${s.fromSku} still there (${from})`);
		if (to < toWanted) out.push(`${s.toSku} ${to ? `only ${to}` : 'missing'} (wanted ${toWanted})`);
		if (to > toWanted) out.push(`${s.toSku} appears twice (${to}, wanted ${toWanted})`);
	}
	return out;
}

function itemsOf(held: Held): Array<{ sku: string; quantity: number }> {
	return held.items.filter((i): i is { sku: string; quantity: number } => !!i.sku);
}

function portOf(driver: Driver): WarehousePort {
	const label = WAREHOUSE_LABELS[driver.warehouse];

	/** What every refusal says of the order: its key, the warehouse's own status, and the warehouse's answer. */
	function told(ref: WarehouseOrderRef, held: Held | null, observedAt: string, detail?: string) {
		return {
			key: ref.orderKey,
			raw: held?.rawStatus ? ` (status ${held.rawStatus})` : '',
			why: detail ? `: ${detail}` : '',
			status: held ? liveOf(held, observedAt) : null,
		};
	}

	function failure(
		reason: AddressChangeFailure,
		ref: WarehouseOrderRef,
		held: Held | null,
		observedAt: string,
		detail?: string,
	): WarehouseAddressError {
		const { key, raw, why, status } = told(ref, held, observedAt, detail);
		const make = (message: string, field: string, hint: string) =>
			new WarehouseAddressError(driver.warehouse, reason, message, field, hint, status);
		switch (reason) {
			case 'unsupported':
				return make(
					`${label} cannot change a ship-to address through its API`,
					'warehouse',
					driver.unsupported ?? `Change the address in ${label} itself.`,
				);
			case 'not_found':
				return make(
					`${label} has no order ${key} (asked by every key the order has)`,
					'orderKey',
					`${label} has not received the order yet: the address in Shopify is the one it will get. If it should ` +
						`have it, check the order number and the credential's account.`,
				);
			case 'shipped':
				return make(
					`${label} has shipped order ${key}${raw}: its address can no longer be changed${why}`,
					'status',
					'The parcel has left with the old address: ask the carrier to redirect it, or contact the customer.',
				);
			case 'cancelled':
				return make(
					`${label} has cancelled order ${key}${raw}${why}`,
					'status',
					`${label} will not ship it: check the order in Shopify and ${label} before changing its address.`,
				);
			case 'picking':
				return make(
					`${label} is already working on order ${key}${raw} and no longer takes a new address${why}`,
					'status',
					`Ask ${label} to change the address by hand before the label prints, or ask the carrier to redirect ` +
						'the parcel once it has shipped.',
				);
			case 'refused':
				return make(
					`${label} refused the new address for order ${key}${raw}${why}`,
					'address',
					`Check the address against what ${label} accepts (see its answer above), then try again.`,
				);
			case 'not_applied':
				return make(
					`${label} still shows another ${detail ?? 'address'} for order ${key}${raw} after the change`,
					`address.${detail?.split(', ')[0] ?? 'address1'}`,
					`${label} answered the change but kept another address (it may have corrected it, or started work on ` +
						`the order). Check the order in ${label} and set the address there if it must change.`,
				);
		}
	}

	function cancelFailure(
		reason: CancelFailure,
		ref: WarehouseOrderRef,
		held: Held | null,
		observedAt: string,
		detail?: string,
	): WarehouseCancelError {
		const { key, raw, why, status } = told(ref, held, observedAt, detail);
		const make = (message: string, field: string, hint: string) =>
			new WarehouseCancelError(driver.warehouse, reason, message, field, hint, status);
		switch (reason) {
			case 'not_found':
				return make(
					`${label} has no order ${key} (asked by every key the order has): there is nothing to cancel there`,
					'orderKey',
					`${label} has not received the order: cancelling it in Shopify is enough. If it should have it, check ` +
						`the order number and the credential's account.`,
				);
			case 'shipped':
				return make(
					`${label} has shipped order ${key}${raw}: it can no longer be cancelled${why}`,
					'status',
					'The parcel has left: offer the customer a return, or ask the carrier to send it back.',
				);
			case 'picking':
				return make(
					`${label} is already working on order ${key}${raw} and its API does not stop that work${why}`,
					'status',
					`Ask ${label} to stop the order by hand before it ships; if it ships, offer the customer a return.`,
				);
			case 'refused':
				return make(
					`${label} refused to cancel order ${key}${raw}${why}`,
					'status',
					`Check the order in ${label} (see its answer above) and cancel it there if it must not ship.`,
				);
			case 'not_applied':
				return make(
					`${label} does not show order ${key} cancelled after the cancel${raw}${why}`,
					'status',
					`${label} answered the cancel but the order is not cancelled (part of it may be, or its warehouse was ` +
						`only asked to stop). Check the order in ${label}: it may still ship.`,
				);
		}
	}

	function swapFailure(
		reason: SwapFailure,
		ref: WarehouseOrderRef,
		held: Held | null,
		observedAt: string,
		detail?: string,
	): WarehouseSwapError {
		const { key, raw, why, status } = told(ref, held, observedAt, detail);
		const make = (message: string, field: string, hint: string) =>
			new WarehouseSwapError(driver.warehouse, reason, message, field, hint, status);
		switch (reason) {
			case 'unsupported':
				return make(
					`${label} cannot change an order's items through its API`,
					'warehouse',
					driver.swapUnsupported ?? `Change the items in ${label} itself.`,
				);
			case 'not_found':
				return make(
					`${label} has no order ${key} (asked by every key the order has)`,
					'orderKey',
					`${label} has not received the order yet: it will get the items Shopify has. If it should have it, ` +
						`check the order number and the credential's account.`,
				);
			case 'shipped':
				return make(
					`${label} has shipped order ${key}${raw}: its items can no longer be changed${why}`,
					'status',
					'The parcel has left with the old item: offer the customer an exchange through a return.',
				);
			case 'cancelled':
				return make(
					`${label} has cancelled order ${key}${raw}${why}`,
					'status',
					`${label} will not ship it: check the order in Shopify and ${label} before swapping its items.`,
				);
			case 'picking':
				return make(
					`${label} is already working on order ${key}${raw} and no longer takes other items${why}`,
					'status',
					`Ask ${label} to swap the item by hand before it ships, or offer the customer an exchange through a return.`,
				);
			case 'refused':
				return make(
					`${label} refused to swap the items of order ${key}${raw}${why}`,
					'swaps',
					`Check that ${label} stocks the new SKU (see its answer above), then try again or swap it in ${label}.`,
				);
			case 'not_applied':
				return make(
					`${label} does not show the swap on order ${key} after the change${raw}${why}`,
					'swaps',
					`${label} answered the change but its order shows other items: check the order in ${label} and set the ` +
						'items there so it ships the new one, once.',
				);
		}
	}

	async function readHeld(ref: WarehouseOrderRef, now: () => Date): Promise<{ held: Held; observedAt: string }> {
		const observedAt = now().toISOString();
		return { held: await driver.read(ref, observedAt), observedAt };
	}

	return {
		warehouse: driver.warehouse,
		canChangeAddress: driver.unsupported === undefined,

		async read(ref, now) {
			const { held, observedAt } = await readHeld(ref, now);
			return {
				status: liveOf(held, observedAt),
				address: held.address,
				externalId: held.externalId,
				items: itemsOf(held),
			};
		},

		async changeAddress(ref, address, now) {
			if (driver.unsupported !== undefined) throw failure('unsupported', ref, null, now().toISOString());
			const wanted = wholeShipTo(address);
			const before = await readHeld(ref, now);
			if (before.held.status === 'not_found') throw failure('not_found', ref, before.held, before.observedAt);
			// Already there: an earlier attempt changed it and its answer was lost. Adopt; never write it twice.
			if (sameShipTo(before.held.address, wanted))
				return { address: before.held.address, adopted: true, status: liveOf(before.held, before.observedAt) };
			const final = failureFor(before.held.status);
			if (final === 'shipped' || final === 'cancelled') throw failure(final, ref, before.held, before.observedAt);

			try {
				await driver.write(ref, before.held, wanted);
			} catch (error) {
				if (!isRefusal(error)) throw error;
				// Ask again what the order is now: the refusal's reason is in its status (picking began, it shipped).
				const after = await readHeld(ref, now).catch(() => null);
				const reason = after ? failureFor(after.held.status) : 'refused';
				throw failure(reason, ref, after?.held ?? null, after?.observedAt ?? before.observedAt, answerOf(error));
			}

			const after = await readHeld(ref, now);
			if (after.held.status === 'not_found') throw failure('not_found', ref, after.held, after.observedAt);
			const differences = shipToDifferences(after.held.address, wanted);
			if (differences.length > 0)
				throw failure('not_applied', ref, after.held, after.observedAt, differences.join(', '));
			return { address: after.held.address, adopted: false, status: liveOf(after.held, after.observedAt) };
		},

		canCancel: true,

		async cancel(ref, now) {
			const before = await readHeld(ref, now);
			const done = (read: typeof before, adopted: boolean): WarehouseCancel => ({
				adopted,
				status: liveOf(read.held, read.observedAt),
				externalId: read.held.externalId,
			});
			// Already cancelled: an earlier attempt whose answer was lost, or a person. Adopt; never send it twice.
			if (before.held.status === 'cancelled') return done(before, true);
			const blocked = blockedBeforeCancel(driver.warehouse, before.held);
			if (blocked) throw cancelFailure(blocked, ref, before.held, before.observedAt);

			try {
				await driver.cancel(ref, before.held);
			} catch (error) {
				if (!isRefusal(error)) throw error;
				// Ask again what the order is now: the refusal's reason is in its status (picking began, it shipped).
				const after = await readHeld(ref, now).catch(() => null);
				if (after?.held.status === 'cancelled') return done(after, true);
				const reason = after ? cancelFailureFor(driver.warehouse, after.held) : 'refused';
				throw cancelFailure(reason, ref, after?.held ?? null, after?.observedAt ?? before.observedAt, answerOf(error));
			}

			const after = await readHeld(ref, now);
			if (after.held.status === 'cancelled') return done(after, false);
			// An answer that says no without an error (ShipBob's 200 Failure) leaves the order exactly as it was: that is a
			// refusal, whose reason is the status; any other difference means the warehouse did part of it.
			const unchanged = after.held.status === before.held.status && after.held.rawStatus === before.held.rawStatus;
			const reason = cancelFailureFor(driver.warehouse, after.held);
			throw cancelFailure(
				unchanged && reason !== 'refused' ? reason : 'not_applied',
				ref,
				after.held,
				after.observedAt,
			);
		},

		canSwapItems: driver.swapUnsupported === undefined,

		async swapItems(ref, swaps, now) {
			const wanted = checkedSwaps(swaps);
			const before = await readHeld(ref, now);
			const done = (read: typeof before, adopted: boolean): WarehouseSwap => ({
				adopted,
				status: liveOf(read.held, read.observedAt),
				externalId: read.held.externalId,
				items: itemsOf(read.held),
			});
			if (before.held.status === 'not_found') throw swapFailure('not_found', ref, before.held, before.observedAt);
			// Already there: an earlier attempt whose answer was lost, or a person in the warehouse's app. Adopt.
			if (swapsReflected(before.held.items, wanted)) return done(before, true);
			const blocked = swapBlocked(driver.warehouse, before.held);
			if (blocked) throw swapFailure(blocked, ref, before.held, before.observedAt);
			if (driver.swapUnsupported !== undefined) throw swapFailure('unsupported', ref, before.held, before.observedAt);

			try {
				await driver.swapItems(ref, before.held, wanted);
			} catch (error) {
				if (!isRefusal(error)) throw error;
				// Ask again what the order is now: the refusal's reason is in its status (picking began, it shipped).
				const after = await readHeld(ref, now).catch(() => null);
				if (after && swapsReflected(after.held.items, wanted)) return done(after, true);
				const reason = after ? (swapBlocked(driver.warehouse, after.held) ?? 'refused') : 'refused';
				throw swapFailure(reason, ref, after?.held ?? null, after?.observedAt ?? before.observedAt, answerOf(error));
			}

			const after = await readHeld(ref, now);
			if (after.held.status === 'not_found') throw swapFailure('not_found', ref, after.held, after.observedAt);
			const shortfalls = swapShortfalls(before.held.items, after.held.items, wanted);
			if (shortfalls.length) throw swapFailure('not_applied', ref, after.held, after.observedAt, shortfalls.join(', '));
			return done(after, false);
		},
	};
}
