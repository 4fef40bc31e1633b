/**
 * Order operations on the Admin GraphQL API: Get, Get Many, and the mutations. Every mutation reads
 * the record back and compares, because a 200 with empty userErrors is not proof that the store now
 * holds what we meant (DESIGN.md: "Shopify mutations checked by reading back").
 */
import { ValidationError } from '../../http/errors';
import { sendOnce } from '../../http/once';
import type { Clock } from '../../http/types';
import { MAX_PAGE_SIZE, orderGid } from './config';
import type { ShopifyClient } from './client';
import {
	FIND_ORDER_BY_NAME_QUERY,
	FULFILLMENT_CREATE_MUTATION,
	FULFILLMENT_ORDER_HOLD_MUTATION,
	FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION,
	FULFILLMENT_TRACKING_UPDATE_MUTATION,
	GET_FULFILLMENT_ORDER_QUERY,
	GET_ORDER_QUERY,
	GET_RETURN_ORDER_QUERY,
	LIST_ORDERS_QUERY,
	ORDER_CANCEL_MUTATION,
	ORDER_UPDATE_MUTATION,
	SEARCH_ORDERS_QUERY,
	TAGS_ADD_MUTATION,
	ORDER_TOTAL_QUERY,
} from './documents';
import type { GqlFulfillmentHold, GqlMailingAddress, GqlOrder, GqlPageInfo } from './types';

/** How a user points at an order: its name (#1001), its id (numeric or gid), or a list pick (id). */
export interface OrderRef {
	by: 'name' | 'id';
	value: string;
}

export class OrderNotFoundError extends ValidationError {
	constructor(ref: OrderRef) {
		super(
			`No order ${ref.by === 'name' ? `named ${ref.value}` : `with id ${ref.value}`} in this store`,
			'order',
			'Check the order number (as shown in Shopify admin, e.g. #1001) and that the credential points at the ' +
				'right store.',
		);
		this.name = 'OrderNotFoundError';
	}
}

export function parseOrderRef(mode: string, raw: unknown): OrderRef {
	const value = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
	if (!value)
		throw new ValidationError(
			'No order given',
			'order',
			'Pick an order from the list, or enter its number (#1001) or id.',
		);
	if (mode === 'name') return { by: 'name', value: value.startsWith('#') ? value : `#${value}` };
	if (mode === 'id' || mode === 'list') {
		if (!/^(gid:\/\/shopify\/Order\/)?\d+$/.test(value)) {
			throw new ValidationError(
				`"${value.slice(0, 60)}" is not a Shopify order id`,
				'order',
				'An order id is a number such as 5601234567890 (or gid://shopify/Order/5601234567890). To use the order ' +
					'number, choose "By Name".',
			);
		}
		return { by: 'id', value: orderGid(value) };
	}
	throw new ValidationError(`Unknown order lookup "${mode}"`, 'order');
}

export interface GetOrderOptions {
	/** Also read each parcel's lines, its fulfillment order, the return parcels and returnStatus (GET_ORDER_QUERY). */
	parcels?: boolean;
}

export async function getOrder(client: ShopifyClient, ref: OrderRef, options: GetOrderOptions = {}): Promise<GqlOrder> {
	if (ref.by === 'id') {
		const data = await client.request<{ order: GqlOrder | null }>(GET_ORDER_QUERY, {
			id: orderGid(ref.value),
			parcels: options.parcels === true,
		});
		if (!data.order) throw new OrderNotFoundError(ref);
		return data.order;
	}
	const number = ref.value.replace(/^#/, '');
	const data = await client.request<{ orders: { nodes: Array<{ id: string; name: string }> } }>(
		FIND_ORDER_BY_NAME_QUERY,
		{ query: `name:${number}` },
	);
	// The search is fuzzy (name:100 can match #1001): keep only the exact name.
	const match = data.orders.nodes.find((o) => o.name.replace(/^#/, '') === number);
	if (!match) throw new OrderNotFoundError(ref);
	return getOrder(client, { by: 'id', value: match.id }, options);
}

export async function resolveOrderId(client: ShopifyClient, ref: OrderRef): Promise<string> {
	return ref.by === 'id' ? orderGid(ref.value) : (await getOrder(client, ref)).id;
}

export interface ListOrdersOptions {
	updatedAtMin?: string | null;
	updatedAtMax?: string | null;
	/** Shopify search syntax, ANDed with the window (e.g. "fulfillment_status:unshipped"). */
	search?: string | null;
	pageSize?: number;
	/** Stop after this many orders (0 or undefined: all). */
	limit?: number;
	reverse?: boolean;
}

/** Builds Shopify's search string from a window and a free query. Dates are quoted ISO 8601. */
export function buildOrdersSearch(
	options: Pick<ListOrdersOptions, 'updatedAtMin' | 'updatedAtMax' | 'search'>,
): string | undefined {
	const parts: string[] = [];
	for (const [field, bound, op] of [
		['updatedAtMin', options.updatedAtMin, '>='],
		['updatedAtMax', options.updatedAtMax, '<='],
	] as const) {
		if (!bound) continue;
		const time = Date.parse(bound);
		if (Number.isNaN(time))
			throw new ValidationError(
				`"${bound}" is not a date`,
				field,
				'Use an ISO 8601 date such as 2025-01-31T00:00:00Z.',
			);
		parts.push(`updated_at:${op}'${new Date(time).toISOString()}'`);
	}
	if (options.search && options.search.trim()) parts.push(`(${options.search.trim()})`);
	return parts.length ? parts.join(' AND ') : undefined;
}

/** Cursor pagination, 250 per page by default; yields one page of orders at a time. */
export async function* listOrders(client: ShopifyClient, options: ListOrdersOptions = {}): AsyncGenerator<GqlOrder[]> {
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
	const query = buildOrdersSearch(options);
	let after: string | null | undefined;
	let seen = 0;
	for (;;) {
		const first = options.limit ? Math.min(pageSize, options.limit - seen) : pageSize;
		if (first <= 0) return;
		const data = await client.request<{ orders: { pageInfo: GqlPageInfo; nodes: GqlOrder[] } }>(
			LIST_ORDERS_QUERY,
			{ first, after: after ?? null, query: query ?? null, reverse: options.reverse ?? false },
			// 2 for the connection + 3 per order (order, shippingAddress, shippingLine).
			{ costHint: 2 + first * 3 },
		);
		const { nodes, pageInfo } = data.orders;
		seen += nodes.length;
		if (nodes.length) yield nodes;
		if (!pageInfo.hasNextPage || !pageInfo.endCursor) return;
		after = pageInfo.endCursor;
	}
}

export interface OrderSearchResult {
	id: string;
	name: string;
	createdAt: string;
	displayFulfillmentStatus: string;
}

/** Resource-locator list search: newest first, filtered by what the user typed. */
export async function searchOrders(
	client: ShopifyClient,
	filter: string | undefined,
	after?: string,
): Promise<{ results: OrderSearchResult[]; next?: string }> {
	const cleaned = filter?.trim().replace(/^#/, '');
	const data = await client.request<{ orders: { pageInfo: GqlPageInfo; nodes: OrderSearchResult[] } }>(
		SEARCH_ORDERS_QUERY,
		{
			first: 50,
			after: after ?? null,
			query: cleaned ? `name:${cleaned}*` : null,
		},
	);
	return {
		results: data.orders.nodes,
		next: data.orders.pageInfo.hasNextPage ? (data.orders.pageInfo.endCursor ?? undefined) : undefined,
	};
}

/* ---------------- mutations with read-back ---------------- */

export interface Confirmed<T> {
	/** True when the read-back shows the change. */
	confirmed: boolean;
	/** What Shopify holds now. */
	readBack: T;
	/** Fields that did not match what we sent, when not confirmed. */
	mismatches?: string[];
	note?: string;
	/**
	 * True when Shopify's answer to the mutation was lost and its effect was found by reading back and
	 * adopted, instead of sending it again.
	 */
	adopted?: boolean;
}

const ADOPTED_NOTE =
	"Shopify's answer was lost (timeout or server error), so the order was read back: the change was there and was " +
	'adopted instead of being sent twice.';

export class ShopifyNotConfirmedError extends ValidationError {
	constructor(what: string, mismatches: string[]) {
		super(
			`Shopify accepted ${what} but reading the order back does not show it (${mismatches.join(', ')})`,
			mismatches[0],
			'Open the order in Shopify admin to see what it holds; another app or staff member may have changed it at ' +
				'the same time. Run again to retry.',
		);
		this.name = 'ShopifyNotConfirmedError';
	}
}

/** Address as Shopify's MailingAddressInput takes it (countryCode is the ISO code, e.g. US). */
export interface AddressInput {
	firstName?: string;
	lastName?: string;
	company?: string;
	address1?: string;
	address2?: string;
	city?: string;
	provinceCode?: string;
	zip?: string;
	countryCode?: string;
	phone?: string;
}

const ADDRESS_FIELD_MAP: Array<[keyof AddressInput, keyof GqlMailingAddress]> = [
	['firstName', 'firstName'],
	['lastName', 'lastName'],
	['company', 'company'],
	['address1', 'address1'],
	['address2', 'address2'],
	['city', 'city'],
	['provinceCode', 'provinceCode'],
	['zip', 'zip'],
	['countryCode', 'countryCodeV2'],
	['phone', 'phone'],
];

export function cleanAddressInput(input: AddressInput): AddressInput {
	const out: AddressInput = {};
	for (const [key] of ADDRESS_FIELD_MAP) {
		const value = input[key];
		if (typeof value === 'string' && value.trim())
			out[key] = key === 'countryCode' ? value.trim().toUpperCase() : value.trim();
	}
	if (!out.address1)
		throw new ValidationError(
			'The new shipping address has no street (address1)',
			'address1',
			'Fill in "Address Line 1".',
		);
	if (out.countryCode && !/^[A-Z]{2}$/.test(out.countryCode)) {
		throw new ValidationError(
			`"${out.countryCode}" is not a two-letter country code`,
			'countryCode',
			'Use the ISO code, e.g. US, CA, GB, DE.',
		);
	}
	return out;
}

export async function updateShippingAddress(
	client: ShopifyClient,
	ref: OrderRef,
	input: AddressInput,
): Promise<Confirmed<GqlOrder>> {
	const address = cleanAddressInput(input);
	const id = await resolveOrderId(client, ref);
	// Setting the same address twice leaves the same order: safe to repeat after a lost answer.
	await client.mutate(ORDER_UPDATE_MUTATION, { input: { id, shippingAddress: address } }, 'orderUpdate', {
		effect: 'idempotent',
	});
	const order = await getOrder(client, { by: 'id', value: id });
	const mismatches = ADDRESS_FIELD_MAP.filter(
		([inKey, outKey]) => address[inKey] !== undefined && (order.shippingAddress?.[outKey] ?? '') !== address[inKey],
	).map(([inKey]) => `shippingAddress.${inKey}`);
	if (mismatches.length) throw new ShopifyNotConfirmedError('the new shipping address', mismatches);
	return { confirmed: true, readBack: order };
}

export async function setOrderNote(client: ShopifyClient, ref: OrderRef, note: string): Promise<Confirmed<GqlOrder>> {
	const id = await resolveOrderId(client, ref);
	await client.mutate(ORDER_UPDATE_MUTATION, { input: { id, note } }, 'orderUpdate', { effect: 'idempotent' });
	const order = await getOrder(client, { by: 'id', value: id });
	if ((order.note ?? '') !== note) throw new ShopifyNotConfirmedError('the note', ['note']);
	return { confirmed: true, readBack: order };
}

export function parseTags(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
	const tags = [...new Set(list.map((t) => t.trim()).filter(Boolean))];
	if (!tags.length) throw new ValidationError('No tags given', 'tags', 'Enter one or more tags separated by commas.');
	const tooLong = tags.find((t) => t.length > 255);
	if (tooLong)
		throw new ValidationError(`Tag "${tooLong.slice(0, 40)}…" is longer than Shopify's 255 characters`, 'tags');
	return tags;
}

export async function addTags(client: ShopifyClient, ref: OrderRef, rawTags: unknown): Promise<Confirmed<GqlOrder>> {
	const tags = parseTags(rawTags);
	const id = await resolveOrderId(client, ref);
	// tagsAdd adds what is missing: a second time adds nothing.
	await client.mutate(TAGS_ADD_MUTATION, { id, tags }, 'tagsAdd', { effect: 'idempotent' });
	const order = await getOrder(client, { by: 'id', value: id });
	// Shopify compares tags case-insensitively.
	const held = new Set((order.tags ?? []).map((t) => t.toLowerCase()));
	const missing = tags.filter((t) => !held.has(t.toLowerCase()));
	if (missing.length)
		throw new ShopifyNotConfirmedError(
			'the tags',
			missing.map((t) => `tags.${t}`),
		);
	return { confirmed: true, readBack: order };
}

export interface TrackingInput {
	number: string;
	company?: string;
	url?: string;
	notifyCustomer?: boolean;
}

function cleanTracking(input: TrackingInput): { number: string; company?: string; url?: string } {
	const number = input.number?.trim();
	if (!number)
		throw new ValidationError('No tracking number given', 'trackingNumber', "Enter the carrier's tracking number.");
	const out: { number: string; company?: string; url?: string } = { number };
	if (input.company?.trim()) out.company = input.company.trim();
	if (input.url?.trim()) {
		const url = input.url.trim();
		if (!/^https?:\/\/[^\s/]+/i.test(url))
			throw new ValidationError(
				`"${url.slice(0, 60)}" is not a tracking URL`,
				'trackingUrl',
				'Use a full URL starting with https://.',
			);
		out.url = url;
	}
	return out;
}

/**
 * Puts tracking on the order: onto an existing fulfillment (fulfillmentTrackingInfoUpdate), or by
 * fulfilling a fulfillment order with tracking (fulfillmentCreate). Confirmed when the order's
 * fulfillments show the number.
 */
export async function addTracking(
	client: ShopifyClient,
	ref: OrderRef,
	target: { fulfillmentId?: string; fulfillmentOrderId?: string },
	input: TrackingInput,
): Promise<Confirmed<GqlOrder> & { fulfillmentId: string }> {
	const tracking = cleanTracking(input);
	const orderId = await resolveOrderId(client, ref);
	let sent: { value: string; how: 'sent' | 'found' };
	if (target.fulfillmentId?.trim()) {
		const id = gid('Fulfillment', target.fulfillmentId);
		const notifyCustomer = input.notifyCustomer ?? false;
		const update = async () =>
			(
				await client.mutate<{ fulfillment: { id: string } }>(
					FULFILLMENT_TRACKING_UPDATE_MUTATION,
					{ fulfillmentId: id, trackingInfoInput: tracking, notifyCustomer },
					'fulfillmentTrackingInfoUpdate',
					// Setting the same tracking twice is harmless, unless each time emails the customer.
					{ effect: notifyCustomer ? 'unsafe' : 'idempotent' },
				)
			).fulfillment.id;
		sent = await sendOnce({
			what: `Shopify fulfillmentTrackingInfoUpdate of ${id}`,
			clock: client.clock,
			send: update,
			find: async () => {
				const order = await getOrder(client, { by: 'id', value: orderId });
				const f = (order.fulfillments ?? []).find((x) => x.id === id);
				return f && f.trackingInfo.some((t) => t.number === tracking.number) ? f.id : undefined;
			},
		});
	} else if (target.fulfillmentOrderId?.trim()) {
		const foId = gid('FulfillmentOrder', target.fulfillmentOrderId);
		sent = await sendOnce({
			what: `Shopify fulfillmentCreate for ${foId}`,
			clock: client.clock,
			send: async () =>
				(
					await client.mutate<{ fulfillment: { id: string } }>(
						FULFILLMENT_CREATE_MUTATION,
						{
							fulfillment: {
								lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: foId }],
								trackingInfo: tracking,
								notifyCustomer: input.notifyCustomer ?? false,
							},
						},
						'fulfillmentCreate',
					)
				).fulfillment.id,
			find: () => findCreatedFulfillment(client, orderId, foId, tracking.number),
		});
	} else {
		throw new ValidationError(
			'Say which fulfillment or fulfillment order gets the tracking',
			'fulfillmentId',
			'Enter a Fulfillment ID (to add tracking to a shipment already made) or a Fulfillment Order ID (to mark it ' +
				'shipped with this tracking).',
		);
	}
	const fulfillmentId = sent.value;
	const order = await getOrder(client, { by: 'id', value: orderId });
	const fulfillment = (order.fulfillments ?? []).find((f) => f.id === fulfillmentId);
	if (!fulfillment) throw new ShopifyNotConfirmedError('the tracking', ['fulfillmentId']);
	if (!fulfillment.trackingInfo.some((t) => t.number === tracking.number))
		throw new ShopifyNotConfirmedError('the tracking', ['trackingNumber']);
	return { confirmed: true, readBack: order, fulfillmentId, ...adoption(sent.how) };
}

function adoption(how: 'sent' | 'found'): Pick<Confirmed<unknown>, 'adopted' | 'note'> {
	return how === 'found' ? { adopted: true, note: ADOPTED_NOTE } : {};
}

/**
 * After a lost answer to fulfillmentCreate: did Shopify fulfil the fulfillment order? A fulfillment
 * order that is not CLOSED was not fulfilled by us (sending again is safe, and a second create on a
 * CLOSED one would be refused). A CLOSED one: the newest fulfillment carrying our tracking number is ours.
 */
export async function findCreatedFulfillment(
	client: ShopifyClient,
	orderId: string,
	fulfillmentOrderId: string,
	trackingNumber: string,
): Promise<string | undefined> {
	const fo = await readFulfillmentOrder(client, fulfillmentOrderId);
	if (fo.status !== 'CLOSED') return undefined;
	const order = await getOrder(client, { by: 'id', value: orderId });
	const ours = (order.fulfillments ?? [])
		.filter((f) => f.trackingInfo.some((t) => t.number === trackingNumber))
		.sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')))[0];
	if (!ours)
		throw new ShopifyNotConfirmedError(`the fulfillment of ${fulfillmentOrderId}`, [
			'trackingNumber (the fulfillment order is closed, but no fulfillment carries this number)',
		]);
	return ours.id;
}

export const HOLD_REASONS = [
	'AWAITING_PAYMENT',
	'HIGH_RISK_OF_FRAUD',
	'INCORRECT_ADDRESS',
	'INVENTORY_OUT_OF_STOCK',
	'UNKNOWN_DELIVERY_DATE',
	'AWAITING_RETURN_ITEMS',
	'OTHER',
] as const;

interface FulfillmentOrderReadBack {
	id: string;
	status: string;
	orderId: string;
	orderName: string;
	fulfillmentHolds: GqlFulfillmentHold[];
}

async function readFulfillmentOrder(client: ShopifyClient, id: string): Promise<FulfillmentOrderReadBack> {
	const data = await client.request<{ fulfillmentOrder: FulfillmentOrderReadBack | null }>(
		GET_FULFILLMENT_ORDER_QUERY,
		{ id },
	);
	if (!data.fulfillmentOrder)
		throw new ValidationError(
			`No fulfillment order ${id} in this store`,
			'fulfillmentOrderId',
			"Take the id from the order's fulfillmentOrders (Get operation).",
		);
	return data.fulfillmentOrder;
}

export async function holdFulfillmentOrder(
	client: ShopifyClient,
	fulfillmentOrderId: string,
	reason: string,
	reasonNotes?: string,
	notifyMerchant = false,
): Promise<Confirmed<FulfillmentOrderReadBack>> {
	if (!(HOLD_REASONS as readonly string[]).includes(reason))
		throw new ValidationError(`"${reason}" is not a hold reason`, 'reason', `Use one of ${HOLD_REASONS.join(', ')}.`);
	const id = gid('FulfillmentOrder', fulfillmentOrderId);
	const fulfillmentHold: Record<string, unknown> = { reason, notifyMerchant };
	if (reasonNotes?.trim()) fulfillmentHold.reasonNotes = reasonNotes.trim();
	// A second hold would add a second hold: after a lost answer, look for ours first.
	const sent = await sendOnce({
		what: `Shopify fulfillmentOrderHold of ${id}`,
		clock: client.clock,
		send: () => client.mutate(FULFILLMENT_ORDER_HOLD_MUTATION, { id, fulfillmentHold }, 'fulfillmentOrderHold'),
		find: async () => {
			const fo = await readFulfillmentOrder(client, id);
			return fo.status === 'ON_HOLD' && fo.fulfillmentHolds.some((h) => h.reason === reason) ? {} : undefined;
		},
	});
	const readBack = await readFulfillmentOrder(client, id);
	if (readBack.status !== 'ON_HOLD') throw new ShopifyNotConfirmedError('the hold', ['status']);
	return { confirmed: true, readBack, ...adoption(sent.how) };
}

export async function releaseFulfillmentOrderHold(
	client: ShopifyClient,
	fulfillmentOrderId: string,
): Promise<Confirmed<FulfillmentOrderReadBack>> {
	const id = gid('FulfillmentOrder', fulfillmentOrderId);
	// Releasing again after a release went through is refused (not on hold): look first.
	const sent = await sendOnce({
		what: `Shopify fulfillmentOrderReleaseHold of ${id}`,
		clock: client.clock,
		send: () => client.mutate(FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION, { id }, 'fulfillmentOrderReleaseHold'),
		find: async () => ((await readFulfillmentOrder(client, id)).status !== 'ON_HOLD' ? {} : undefined),
	});
	const readBack = await readFulfillmentOrder(client, id);
	if (readBack.status === 'ON_HOLD') throw new ShopifyNotConfirmedError('the release', ['status']);
	return { confirmed: true, readBack, ...adoption(sent.how) };
}

/** Fulfillment order statuses Shopify lets an app hold (an IN_PROGRESS one is already with the warehouse). */
export const HOLDABLE_FULFILLMENT_STATUSES = ['OPEN', 'SCHEDULED', 'ON_HOLD'] as const;

/** Shopify's limit on a hold handle; ours are far shorter, this only guards a caller's mistake. */
const MAX_HOLD_HANDLE_LENGTH = 64;

function checkHandle(handle: string): string {
	const h = handle.trim();
	if (!h || h.length > MAX_HOLD_HANDLE_LENGTH)
		throw new ValidationError(
			`The hold handle "${h.slice(0, 80)}" is empty or longer than ${MAX_HOLD_HANDLE_LENGTH} characters`,
			'handle',
			'Name the hold with a short id of the request that places it.',
		);
	return h;
}

/**
 * Places this app's hold named `handle` on a fulfillment order, exactly once: the handle is how a retry
 * after a lost answer finds the hold it already placed (Shopify refuses a second hold with the same
 * handle, so looking first is also what keeps the retry from failing). Returns the hold's id, which
 * releaseHoldByHandle releases alone: holds others placed (fraud review, staff) stay.
 */
export async function holdByHandle(
	client: ShopifyClient,
	fulfillmentOrderId: string,
	handle: string,
	reasonNotes: string,
	reason: (typeof HOLD_REASONS)[number] = 'INCORRECT_ADDRESS',
): Promise<{ holdId: string; adopted: boolean }> {
	const id = gid('FulfillmentOrder', fulfillmentOrderId);
	const name = checkHandle(handle);
	const ours = async () => (await readFulfillmentOrder(client, id)).fulfillmentHolds.find((h) => h.handle === name);
	const before = await ours();
	if (before?.id) return { holdId: before.id, adopted: true };
	const fulfillmentHold = { reason, reasonNotes, notifyMerchant: false, handle: name };
	const sent = await sendOnce({
		what: `Shopify fulfillmentOrderHold "${name}" of ${id}`,
		clock: client.clock,
		send: () => client.mutate(FULFILLMENT_ORDER_HOLD_MUTATION, { id, fulfillmentHold }, 'fulfillmentOrderHold'),
		find: async () => ((await ours()) ? {} : undefined),
	});
	const after = await ours();
	if (!after?.id) throw new ShopifyNotConfirmedError(`the hold "${name}"`, ['fulfillmentHolds.handle']);
	return { holdId: after.id, adopted: sent.how === 'found' };
}

/** The handles of the holds on a fulfillment order (null for a hold placed without one: staff, another app). */
export async function fulfillmentHoldHandles(
	client: ShopifyClient,
	fulfillmentOrderId: string,
): Promise<Array<string | null>> {
	const fo = await readFulfillmentOrder(client, gid('FulfillmentOrder', fulfillmentOrderId));
	return fo.fulfillmentHolds.map((h) => h.handle || null);
}

/**
 * Releases this app's hold named `handle` and no other, exactly once: a hold already gone (an earlier
 * release whose answer was lost, or staff released it) counts as released. Returns the fulfillment
 * order's status after (still ON_HOLD when someone else holds it too).
 */
export async function releaseHoldByHandle(
	client: ShopifyClient,
	fulfillmentOrderId: string,
	handle: string,
): Promise<{ released: boolean; status: string }> {
	const id = gid('FulfillmentOrder', fulfillmentOrderId);
	const name = checkHandle(handle);
	const ours = async () => (await readFulfillmentOrder(client, id)).fulfillmentHolds.find((h) => h.handle === name);
	const hold = await ours();
	if (hold?.id) {
		const holdIds = [hold.id];
		await sendOnce({
			what: `Shopify fulfillmentOrderReleaseHold "${name}" of ${id}`,
			clock: client.clock,
			send: () =>
				client.mutate(FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION, { id, holdIds }, 'fulfillmentOrderReleaseHold'),
			find: async () => ((await ours()) ? undefined : {}),
		});
	}
	const after = await readFulfillmentOrder(client, id);
	if (after.fulfillmentHolds.some((h) => h.handle === name))
		throw new ShopifyNotConfirmedError(`the release of hold "${name}"`, ['fulfillmentHolds.handle']);
	return { released: hold !== undefined, status: after.status };
}

export const CANCEL_REASONS = ['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'STAFF', 'OTHER'] as const;

export interface CancelInput {
	reason: string;
	refund: boolean;
	restock: boolean;
	notifyCustomer?: boolean;
	staffNote?: string;
}

/**
 * orderCancel runs as a Shopify job: we poll the order a few times for cancelledAt. If the job is
 * still running we say so (confirmed: false with a note) rather than pretend either way.
 */
export async function cancelOrder(
	client: ShopifyClient,
	ref: OrderRef,
	input: CancelInput,
	// The client's clock, like every other read-back: tests and the bench run it virtually.
	clock: Clock = client.clock,
	polls = 5,
): Promise<Confirmed<GqlOrder>> {
	if (!(CANCEL_REASONS as readonly string[]).includes(input.reason))
		throw new ValidationError(
			`"${input.reason}" is not a cancel reason`,
			'reason',
			`Use one of ${CANCEL_REASONS.join(', ')}.`,
		);
	const id = await resolveOrderId(client, ref);
	// Refund to the original payment methods, or not at all (the node's Refund switch).
	const refundMethod = { originalPaymentMethodsRefund: input.refund };
	const variables: Record<string, unknown> = {
		orderId: id,
		reason: input.reason,
		refundMethod,
		restock: input.restock,
		notifyCustomer: input.notifyCustomer ?? false,
	};
	if (input.staffNote?.trim()) variables.staffNote = input.staffNote.trim();
	// A cancel whose answer was lost may have started its job: look for cancelledAt before sending again.
	const sent = await sendOnce({
		what: `Shopify orderCancel of ${id}`,
		clock,
		send: () =>
			client.mutate<{ job: { id: string; done: boolean } | null }>(ORDER_CANCEL_MUTATION, variables, 'orderCancel'),
		find: async () => ((await getOrder(client, { by: 'id', value: id })).cancelledAt ? { job: null } : undefined),
	});
	const payload = sent.value;
	let order = await getOrder(client, { by: 'id', value: id });
	for (let i = 1; i < polls && !order.cancelledAt; i++) {
		await clock.sleep(1000 * i);
		order = await getOrder(client, { by: 'id', value: id });
	}
	if (order.cancelledAt) return { confirmed: true, readBack: order, ...adoption(sent.how) };
	return {
		confirmed: false,
		readBack: order,
		note:
			`Shopify is still processing the cancellation (job ${payload.job?.id ?? 'unknown'}); check the order again ` +
			`in a minute.`,
	};
}

/** For returns/* webhooks: the order a return belongs to. */
export async function orderIdOfReturn(client: ShopifyClient, returnId: string): Promise<string> {
	const data = await client.request<{ return: { order: { id: string } } | null }>(GET_RETURN_ORDER_QUERY, {
		id: returnId,
	});
	if (!data.return) throw new ValidationError(`Return ${returnId} is not in this store`, 'admin_graphql_api_id');
	return data.return.order.id;
}

export async function orderIdOfFulfillmentOrder(client: ShopifyClient, fulfillmentOrderId: string): Promise<string> {
	return (await readFulfillmentOrder(client, fulfillmentOrderId)).orderId;
}

function gid(type: string, value: string): string {
	const text = value.trim();
	if (text.startsWith('gid://')) return text;
	if (!/^\d+$/.test(text))
		throw new ValidationError(
			`"${text.slice(0, 60)}" is not a ${type} id`,
			`${type.charAt(0).toLowerCase()}${type.slice(1)}Id`,
			`Use the numeric id or gid://shopify/${type}/<number>.`,
		);
	return `gid://shopify/${type}/${text}`;
}

/** An amount as Shopify gives it: a decimal string and its ISO 4217 currency. */
export interface ShopifyMoney {
	amount: string;
	currencyCode: string;
}

/**
 * What the order costs the customer now (after removals and refunds, with taxes and discounts), in the currency
 * they are charged in: what the self-service value rule compares with the store's limit for that currency.
 */
export async function readOrderTotal(client: ShopifyClient, ref: OrderRef): Promise<ShopifyMoney> {
	const id = await resolveOrderId(client, ref);
	const data = await client.request<{
		order: { currentTotalPriceSet: { shopMoney: ShopifyMoney; presentmentMoney: ShopifyMoney } } | null;
	}>(ORDER_TOTAL_QUERY, { id });
	if (!data.order) throw new OrderNotFoundError({ by: 'id', value: id });
	return data.order.currentTotalPriceSet.presentmentMoney;
}
