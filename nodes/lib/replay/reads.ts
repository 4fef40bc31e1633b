/**
 * Answering the product's reads from recorded vendor answers.
 *
 * Every recorded read is cut into "offers": one per thing it says something about (an order, a parcel,
 * a list query), each under an identity such as `shipstation /shipments orderNumber=1001` or
 * `fedex tracking 794612345678`. A read the product makes is turned into the identities it asks about;
 * for each one the LATEST offer recorded at or before the read's instant answers, otherwise the
 * vendor's own empty page or not-found body. Which query parameters identify what is decided per
 * vendor endpoint (IDENTIFYING below); paging, sorting and presentation parameters never do.
 *
 * Only answers that are evidence are offered: 2xx, and 404 (the vendor saying it does not know the
 * thing). A recorded 429/5xx says the vendor failed at that moment, nothing about the order.
 */
import type { HttpResponse } from '../http/types';
import { bodyOf, type Exchange } from './har';
import type { ReplayVendor } from './classify';

export interface ReadRequest {
	vendor: ReplayVendor;
	method: string;
	/** Path under the vendor API's base ("/orders", "/admin/api/2026-01/graphql.json"). */
	path: string;
	query: Array<{ name: string; value: string }>;
	bodyText?: string;
}

/** A "changed since" list: records whose `field` lies in [min, max] (ShipStation's own local-time strings). */
export interface ListWindow {
	endpoint: string;
	field: string;
	min?: string;
	max?: string;
}

/** ShipStation's date filters per list, and the record field each one filters on. */
const SHIPSTATION_WINDOWS: Record<string, Array<[string, string, string]>> = {
	'shipstation GET /orders': [
		['modifyDateStart', 'modifyDateEnd', 'modifyDate'],
		['createDateStart', 'createDateEnd', 'createDate'],
		['orderDateStart', 'orderDateEnd', 'orderDate'],
	],
	'shipstation GET /shipments': [
		['shipDateStart', 'shipDateEnd', 'shipDate'],
		['createDateStart', 'createDateEnd', 'createDate'],
	],
};

/** "2026-11-30 07:04:02" and "2026-11-30T07:04:02.1970000" compare as one format (both Pacific, per ShipStation). */
function localStamp(value: string): string {
	return value
		.trim()
		.replace(' ', 'T')
		.replace(/\.\d+$/, '');
}

function listWindow(endpoint: string, q: Array<[string, string]>): ListWindow | undefined {
	const windows = SHIPSTATION_WINDOWS[endpoint];
	if (!windows) return undefined;
	for (const [start, end, field] of windows) {
		const min = q.find(([n]) => n === start)?.[1];
		const max = q.find(([n]) => n === end)?.[1];
		if (min === undefined && max === undefined) continue;
		// Any other filter but the store makes it a different question: only an exact recording answers it.
		if (q.some(([n]) => n !== start && n !== end && n !== 'storeId')) return undefined;
		return {
			endpoint,
			field,
			min: min === undefined ? undefined : localStamp(min),
			max: max === undefined ? undefined : localStamp(max),
		};
	}
	return undefined;
}

/** How a read's answer is put together from offers. */
type Shape =
	| { kind: 'exact' }
	| {
			kind: 'list';
			envelope: 'shipstation-orders' | 'shipstation-shipments' | 'array';
			field?: string;
			window?: ListWindow;
	  }
	| { kind: 'shopify-order'; root: 'order' | 'orders' | 'nodes' }
	| { kind: 'shiphero-order' }
	| { kind: 'shopify-owner'; root: 'return' | 'fulfillmentOrder' }
	/** Shopify orders(query: "updated_at:>='...'"): every order whose latest recorded state changed in the window. */
	| { kind: 'shopify-changed'; min: number; max: number }
	| { kind: 'record'; field: string }
	| { kind: 'fedex' }
	| { kind: 'usps' };

export interface AskedRead {
	/** One identity per thing asked about (several for a FedEx/USPS batch). */
	identities: string[];
	shape: Shape;
}

export interface Offer {
	identity: string;
	atMs: number;
	/** The capture entry it came from. */
	index: number;
	status: number;
	headers: Record<string, string>;
	/** The piece of the recorded answer about this identity (whole body for 'exact'). */
	payload: unknown;
	/**
	 * Cut from an answer to another question (a sweep list, an embedded record): a direct answer recorded at
	 * the same instant wins.
	 */
	derived?: boolean;
	/** Other pages of the same list joined into this answer (capture entries). */
	pages?: number[];
	/** The page this recorded list answer was (page, Page, pgnum, cursor...): "1" when the request named none. */
	page?: string;
}

/** Pages of one list are recorded within this long of each other (a sweep walking its pages). */
const PAGE_SPREAD_MS = 5 * 60_000;

export interface Answer {
	response: HttpResponse;
	/** Capture entries the answer came from (empty: nothing recorded, the vendor's empty/not-found answer). */
	from: number[];
	identities: string[];
	/** Identities nothing was recorded for at or before the instant. */
	missing: string[];
}

/* ---------------- identities ---------------- */

/** Query parameters that only page, sort or shape an answer: never part of what is asked. */
const NOT_IDENTIFYING = new Set(
	[
		'page',
		'pagesize',
		'sortby',
		'sortdir',
		'sortorder',
		'sort',
		'limit',
		'offset',
		'cursor',
		'recordsperpage',
		'pgsiz',
		'pgnum',
		'first',
		'after',
		'locale',
		'returnsignature',
		'returnmilestones',
		'returnpod',
		'includeshipmentitems',
		'service',
		'language',
		'detail',
		'requestercountrycode',
		'origincountrycode',
	].map((s) => s.toLowerCase()),
);

/**
 * Per endpoint, the query parameters that name the thing a list is filtered to. A recorded list read
 * WITHOUT any of them (a sweep "changed since") is cut into one offer per record, so it can answer
 * a later "this order" question for each order it lists.
 */
const LIST_KEYS: Record<
	string,
	{ params: string[]; recordKeys: Array<[string, string]>; envelope: Shape & { kind: 'list' }; multi?: boolean }
> = {
	'shipstation GET /orders': {
		params: ['orderNumber', 'orderId'],
		recordKeys: [
			['orderNumber', 'orderNumber'],
			['orderId', 'orderId'],
		],
		envelope: { kind: 'list', envelope: 'shipstation-orders', field: 'orders' },
	},
	'shipstation GET /shipments': {
		params: ['orderNumber', 'orderId', 'trackingNumber'],
		recordKeys: [
			['orderNumber', 'orderNumber'],
			['orderId', 'orderId'],
			['trackingNumber', 'trackingNumber'],
		],
		envelope: { kind: 'list', envelope: 'shipstation-shipments', field: 'shipments' },
	},
	'shipbob GET /order': {
		params: ['ReferenceIds', 'OrderNumbers', 'IDs'],
		recordKeys: [
			['ReferenceIds', 'reference_id'],
			['OrderNumbers', 'order_number'],
			['IDs', 'id'],
		],
		envelope: { kind: 'list', envelope: 'array' },
		// ReferenceIds=5012345678901,1001 asks for several orders at once (every key of one order).
		multi: true,
	},
};

function norm(value: string): string {
	return value.trim().replace(/^#/, '').toLowerCase();
}

/** "/2026-01/order/5" -> "/order/5": ShipBob's dated API versions name the same resources. */
export function normalisePath(vendor: ReplayVendor, path: string): string {
	const clean = path.replace(/\/+$/, '') || '/';
	if (vendor === 'shipbob') return clean.replace(/^\/(\d{4}-\d{2}|\d+\.\d+|v\d+(\.\d+)?)(?=\/)/, '');
	if (vendor === 'shopify') return clean.replace(/^\/admin\/api\/[^/]+\//, '/admin/api/{version}/');
	return clean;
}

function identifyingQuery(query: ReadRequest['query']): Array<[string, string]> {
	return query
		.filter((q) => !NOT_IDENTIFYING.has(q.name.toLowerCase()))
		.map((q) => [q.name, q.value] as [string, string])
		.sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0])));
}

function jsonBody(text: string | undefined): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Stable JSON (sorted keys) so two equal bodies give one identity. */
function stable(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value as object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value) ?? 'null';
}

function withoutPaging(variables: unknown): unknown {
	if (!variables || typeof variables !== 'object' || Array.isArray(variables)) return variables;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(variables))
		if (!NOT_IDENTIFYING.has(k.toLowerCase()) && k !== 'reverse') out[k] = v;
	return out;
}

const ORDER_GID = /^gid:\/\/shopify\/Order\/(\d+)$/;

/**
 * The Shopify orders a GraphQL read asks about: one by id (`order(id:)`), several by id (`nodes(ids:)`, the
 * processor's batched read), or by name (`orders(query: "name:1001")`, several joined with OR).
 */
export function shopifyOrderAsked(
	body: unknown,
): { identities: string[]; root: 'order' | 'orders' | 'nodes' } | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const { query, variables } = body as { query?: unknown; variables?: Record<string, unknown> };
	if (typeof query !== 'string') return undefined;
	const vars = variables ?? {};
	const id = typeof vars.id === 'string' || typeof vars.id === 'number' ? String(vars.id) : undefined;
	if (id && /\border\s*\(/.test(query)) {
		const numeric = ORDER_GID.exec(id)?.[1] ?? (/^\d+$/.test(id) ? id : undefined);
		if (numeric) return { identities: [`shopify order id:${numeric}`], root: 'order' };
	}
	if (Array.isArray(vars.ids) && /\bnodes\s*\(/.test(query)) {
		const numeric = vars.ids.map((gid) => ORDER_GID.exec(String(gid))?.[1]);
		// Only when every id is an order's: the answer keeps the order of the ids asked.
		if (numeric.length > 0 && numeric.every(Boolean))
			return { identities: numeric.map((n) => `shopify order id:${n}`), root: 'nodes' };
	}
	const search = typeof vars.query === 'string' ? vars.query : undefined;
	if (!search || !/\borders\s*\(/.test(query)) return undefined;
	const terms = search.split(/\s+OR\s+/);
	const names = terms.map((term) => /^\s*\(?\s*name:\s*['"]?#?([A-Za-z0-9._-]+?)\*?['"]?\s*\)?\s*$/.exec(term)?.[1]);
	if (terms.length > 1 && names.every(Boolean))
		return { identities: names.map((name) => `shopify order name:${norm(name!)}`), root: 'orders' };
	const byName = /(?:^|\s)name:\s*['"]?#?([A-Za-z0-9._-]+?)\*?['"]?(?:\s|$)/.exec(search);
	if (byName) return { identities: [`shopify order name:${norm(byName[1])}`], root: 'orders' };
	return undefined;
}

const OWNED = /^gid:\/\/shopify\/(Return|FulfillmentOrder)\/(\d+)$/;

/**
 * A trigger's lookup of the order a return or a fulfillment order belongs to (GetReturnOrder,
 * GetFulfillmentOrder): any recorded order read that lists that return or fulfillment order answers it.
 */
export function shopifyOwnerAsked(
	body: unknown,
): { identity: string; root: 'return' | 'fulfillmentOrder' } | undefined {
	const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
	if (typeof query !== 'string' || typeof variables?.id !== 'string') return undefined;
	const match = OWNED.exec(variables.id);
	if (!match) return undefined;
	const root = match[1] === 'Return' ? 'return' : 'fulfillmentOrder';
	if (!new RegExp(`\\b${root}\\s*\\(`).test(query)) return undefined;
	return { identity: `shopify ${root} id:${match[2]}`, root };
}

const SHOPIFY_CHANGED = 'shopify orders changed in a window';
const SHOPIFY_ORDER_ID = /^shopify order id:/;

/**
 * A sweep's "orders updated in this window" (orders(query: "updated_at:>='...' AND updated_at:<='...'"),
 * nothing else in the search): answered from every order the capture has read, as of the read's instant.
 */
export function shopifyChangedAsked(body: unknown): { min: number; max: number } | undefined {
	const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
	if (typeof query !== 'string' || !/\borders\s*\(/.test(query)) return undefined;
	const search = typeof variables?.query === 'string' ? variables.query : '';
	let rest = search;
	let min = -Infinity;
	let max = Infinity;
	for (const m of search.matchAll(/updated_at:\s*(>=|<=|>|<)\s*'?([0-9T:.+\-Z]+)'?/g)) {
		const ms = Date.parse(m[2]);
		if (Number.isNaN(ms)) return undefined;
		if (m[1].startsWith('>')) min = Math.max(min, ms);
		else max = Math.min(max, ms);
		rest = rest.replace(m[0], '');
	}
	// Anything else in the search (a status filter, a name) is not a window question.
	if (rest.replace(/\bAND\b/g, '').trim() !== '') return undefined;
	return { min, max };
}

function nodesOf(connection: unknown): Array<Record<string, unknown>> {
	const c = connection as { nodes?: unknown[]; edges?: Array<{ node?: unknown }> } | undefined;
	return [...(c?.nodes ?? []), ...(c?.edges ?? []).map((e) => e?.node)].filter(
		(n): n is Record<string, unknown> => !!n && typeof n === 'object',
	);
}

/** The returns and fulfillment orders a recorded order lists, as offers answering "whose is this?". */
function ownerOffers(node: Record<string, unknown>, base: Omit<Offer, 'identity' | 'payload'>): Offer[] {
	const offers: Offer[] = [];
	for (const [field, root] of [
		['returns', 'return'],
		['fulfillmentOrders', 'fulfillmentOrder'],
	] as const) {
		for (const owned of nodesOf(node[field])) {
			const id = OWNED.exec(String(owned.id ?? ''))?.[2];
			if (id)
				offers.push({
					...base,
					identity: `shopify ${root} id:${id}`,
					payload: { owned, order: { id: node.id, name: node.name } },
					derived: true,
				});
		}
	}
	return offers;
}

/** Every order node a recorded Shopify GraphQL answer carries (order, orders.nodes/edges, nodes). */
export function shopifyOrdersIn(body: unknown): Array<Record<string, unknown>> {
	const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
	if (!data || typeof data !== 'object') return [];
	const out: Array<Record<string, unknown>> = [];
	const add = (node: unknown) => {
		if (
			node &&
			typeof node === 'object' &&
			typeof (node as { id?: unknown }).id === 'string' &&
			ORDER_GID.test((node as { id: string }).id)
		)
			out.push(node as Record<string, unknown>);
	};
	add(data.order);
	const orders = data.orders as { nodes?: unknown[]; edges?: Array<{ node?: unknown }> } | undefined;
	for (const n of orders?.nodes ?? []) add(n);
	for (const e of orders?.edges ?? []) add(e?.node);
	if (Array.isArray(data.nodes)) for (const n of data.nodes) add(n);
	return out;
}

function shopifyOrderIdentities(node: Record<string, unknown>): string[] {
	const ids = [`shopify order id:${ORDER_GID.exec(String(node.id))?.[1]}`];
	if (typeof node.name === 'string') ids.push(`shopify order name:${norm(node.name)}`);
	return ids;
}

function fedexNumbersAsked(body: unknown): string[] {
	const info = (body as { trackingInfo?: Array<{ trackingNumberInfo?: { trackingNumber?: unknown } }> } | undefined)
		?.trackingInfo;
	return Array.isArray(info)
		? info.map((i) => String(i?.trackingNumberInfo?.trackingNumber ?? '')).filter(Boolean)
		: [];
}

function uspsNumbersAsked(body: unknown): string[] {
	return Array.isArray(body)
		? body.map((i) => String((i as { trackingNumber?: unknown })?.trackingNumber ?? '')).filter(Boolean)
		: [];
}

/**
 * Single-record reads that several keys can ask for (ShipMonk: orderKey = the store's order id, orderNumber =
 * the name): a recorded answer names the record's other keys too, so it answers a read by any of them.
 */
const RECORD_KEYS: Record<string, { field: string; params: Array<[string, string[]]> }> = {
	'shipmonk GET /v1/integrations/orders': {
		field: 'data',
		params: [
			['orderKey', ['order_key', 'orderKey']],
			['orderNumber', ['order_number', 'orderNumber']],
		],
	},
};

/**
 * ShipHero orders(order_number:) / orders(partner_order_id:): which order is asked. The order number is
 * compared as ShipHero does, exactly ("#1004" and "1004" are two different numbers to ShipHero).
 */
export function shipheroOrderAsked(body: unknown): string | undefined {
	const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
	if (typeof query !== 'string' || !/\borders\s*\(/.test(query)) return undefined;
	for (const [arg, value] of Object.entries(variables ?? {})) {
		if (typeof value !== 'string' && typeof value !== 'number') continue;
		const argument = new RegExp(`\\b(order_number|partner_order_id)\\s*:\\s*\\$${arg}\\b`).exec(query);
		if (argument) return `shiphero order ${argument[1]}=${String(value).trim().toLowerCase()}`;
	}
	return undefined;
}

function shipheroNodes(body: unknown): Array<Record<string, unknown>> {
	const edges = (body as { data?: { orders?: { data?: { edges?: Array<{ node?: unknown }> } } } } | undefined)?.data
		?.orders?.data?.edges;
	return Array.isArray(edges)
		? edges.map((e) => e?.node).filter((n): n is Record<string, unknown> => !!n && typeof n === 'object')
		: [];
}

const tracking = (vendor: string, number: string) => `${vendor} tracking ${number.replace(/\s+/g, '').toUpperCase()}`;

/** What a read (the product's, or a recorded one) asks about, and how its answer is shaped. */
export function askedBy(req: ReadRequest): AskedRead {
	const path = normalisePath(req.vendor, req.path);
	const method = req.method.toUpperCase();
	const endpoint = `${req.vendor} ${method} ${path}`;
	const body = jsonBody(req.bodyText);
	if (req.vendor === 'shopify' && method === 'POST' && /graphql\.json$/.test(path)) {
		const order = shopifyOrderAsked(body);
		if (order) return { identities: order.identities, shape: { kind: 'shopify-order', root: order.root } };
		const owner = shopifyOwnerAsked(body);
		if (owner) return { identities: [owner.identity], shape: { kind: 'shopify-owner', root: owner.root } };
		const changed = shopifyChangedAsked(body);
		if (changed) return { identities: [SHOPIFY_CHANGED], shape: { kind: 'shopify-changed', ...changed } };
		const b = body as { query?: string; variables?: unknown } | undefined;
		const op = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(b?.query ?? '')?.[2] ?? 'anonymous';
		return { identities: [`${endpoint} ${op} ${stable(withoutPaging(b?.variables))}`], shape: { kind: 'exact' } };
	}
	if (req.vendor === 'shiphero' && method === 'POST' && path === '/graphql') {
		const order = shipheroOrderAsked(body);
		if (order) return { identities: [order], shape: { kind: 'shiphero-order' } };
	}
	const record = RECORD_KEYS[endpoint];
	if (record) {
		const named = identifyingQuery(req.query).filter(([name]) => record.params.some(([p]) => p === name));
		if (named.length === 1)
			return {
				identities: [`${endpoint} ${named[0][0]}=${norm(named[0][1])}`],
				shape: { kind: 'record', field: record.field },
			};
	}
	if (req.vendor === 'fedex' && method === 'POST' && path === '/track/v1/trackingnumbers')
		return { identities: fedexNumbersAsked(body).map((n) => tracking('fedex', n)), shape: { kind: 'fedex' } };
	if (req.vendor === 'usps' && method === 'POST' && path === '/tracking/v3r2/tracking')
		return { identities: uspsNumbersAsked(body).map((n) => tracking('usps', n)), shape: { kind: 'usps' } };
	if (req.vendor === 'usps' && method === 'GET') {
		const single = /^\/tracking\/v3(r2)?\/tracking\/([^/]+)$/.exec(path);
		if (single) return { identities: [tracking('usps', decodeURIComponent(single[2]))], shape: { kind: 'exact' } };
	}
	if (req.vendor === 'ups' && method === 'GET') {
		const single = /^\/api\/track\/v1\/details\/([^/]+)$/.exec(path);
		if (single) return { identities: [tracking('ups', decodeURIComponent(single[1]))], shape: { kind: 'exact' } };
	}
	if (req.vendor === 'dhl' && method === 'GET' && path === '/track/shipments') {
		const number = req.query.find((q) => q.name === 'trackingNumber')?.value;
		if (number) return { identities: [tracking('dhl', number)], shape: { kind: 'exact' } };
	}
	const list = LIST_KEYS[endpoint];
	const q = identifyingQuery(req.query);
	if (list) {
		const named = q.filter(([name]) => list.params.includes(name));
		if (named.length === 1) {
			const [name, value] = named[0];
			const values = list.multi ? value.split(',').filter((v) => v.trim() !== '') : [value];
			return { identities: values.map((v) => `${endpoint} ${name}=${norm(v)}`), shape: list.envelope };
		}
	}
	const bodyPart = req.bodyText === undefined ? '' : ` ${stable(body ?? req.bodyText)}`;
	const window = list ? listWindow(endpoint, q) : undefined;
	return {
		identities: [`${endpoint} ${q.map(([k, v]) => `${k}=${v}`).join('&')}${bodyPart}`],
		shape: list ? { ...list.envelope, ...(window ? { window } : {}) } : { kind: 'exact' },
	};
}

/* ---------------- offers from recorded answers ---------------- */

function isEvidence(status: number): boolean {
	return (status >= 200 && status < 300) || status === 404;
}

/** Cuts one recorded read into offers. Reads that are not evidence (429, 5xx, 401...) give none. */
export function offersOf(exchange: Exchange, vendor: ReplayVendor, path: string): Offer[] {
	const status = exchange.response.status;
	if (!isEvidence(status)) return [];
	const req: ReadRequest = {
		vendor,
		method: exchange.request.method,
		path,
		query: exchange.request.query,
		bodyText: exchange.request.bodyText,
	};
	const asked = askedBy(req);
	const body = bodyOf(exchange.response.bodyText);
	const pageParam = exchange.request.query.find((q) =>
		['page', 'pgnum', 'cursor', 'after'].includes(q.name.toLowerCase()),
	);
	const base = {
		atMs: exchange.atMs,
		index: exchange.index,
		status,
		headers: exchange.response.headers,
		page: pageParam?.value ?? '1',
	};
	const endpoint = `${vendor} ${req.method.toUpperCase()} ${normalisePath(vendor, path)}`;
	switch (asked.shape.kind) {
		case 'shopify-order': {
			const found = status === 404 ? [] : shopifyOrdersIn(body);
			const offers: Offer[] = [];
			for (const node of found)
				for (const identity of shopifyOrderIdentities(node)) offers.push({ ...base, identity, payload: node });
			for (const node of found) offers.push(...ownerOffers(node, base));
			// Asked and not found at this instant: that is evidence too (the order is not there, yet).
			if (!found.length) for (const identity of asked.identities) offers.push({ ...base, identity, payload: null });
			return offers;
		}
		case 'shopify-changed': {
			// A recorded sweep list: each order it lists is that order's state at that instant.
			const offers: Offer[] = [];
			for (const node of status === 404 ? [] : shopifyOrdersIn(body)) {
				for (const identity of shopifyOrderIdentities(node))
					offers.push({ ...base, identity, payload: node, derived: true });
				offers.push(...ownerOffers(node, base));
			}
			return offers;
		}
		case 'shopify-owner': {
			// A recorded GetReturnOrder / GetFulfillmentOrder answers the same question again.
			const root = asked.shape.root;
			const owned = ((body as { data?: Record<string, unknown> } | undefined)?.data?.[root] ?? null) as Record<
				string,
				unknown
			> | null;
			const order = owned
				? ((owned.order as { id: unknown; name: unknown } | undefined) ?? { id: owned.orderId, name: owned.orderName })
				: null;
			return asked.identities.map((identity) => ({
				...base,
				identity,
				payload: owned && order ? { owned, order } : undefined,
			}));
		}
		case 'shiphero-order': {
			const nodes = status === 404 ? [] : shipheroNodes(body);
			const offers: Offer[] = [];
			for (const node of nodes)
				for (const field of ['order_number', 'partner_order_id'])
					if (typeof node[field] === 'string' && node[field])
						offers.push({
							...base,
							identity: `shiphero order ${field}=${String(node[field]).trim().toLowerCase()}`,
							payload: node,
						});
			if (!nodes.length) for (const identity of asked.identities) offers.push({ ...base, identity, payload: null });
			return offers;
		}
		case 'record': {
			const spec = RECORD_KEYS[endpoint];
			const recordBody =
				status === 404
					? null
					: (((body as Record<string, unknown> | undefined)?.[asked.shape.field] as
							| Record<string, unknown>
							| undefined) ?? null);
			const offers: Offer[] = asked.identities.map((identity) => ({ ...base, identity, payload: recordBody }));
			if (recordBody && spec)
				for (const [param, fields] of spec.params)
					for (const field of fields) {
						const value = recordBody[field];
						if (typeof value === 'string' || typeof value === 'number') {
							const identity = `${endpoint} ${param}=${norm(String(value))}`;
							if (!offers.some((o) => o.identity === identity)) offers.push({ ...base, identity, payload: recordBody });
						}
					}
			return offers;
		}
		case 'fedex': {
			const results = ((body as { output?: { completeTrackResults?: Array<Record<string, unknown>> } })?.output
				?.completeTrackResults ?? []) as Array<Record<string, unknown>>;
			const offers: Offer[] = [];
			for (const r of results) {
				const number = String(
					r.trackingNumber ??
						(r.trackResults as Array<{ trackingNumberInfo?: { trackingNumber?: string } }> | undefined)?.[0]
							?.trackingNumberInfo?.trackingNumber ??
						'',
				);
				if (number) offers.push({ ...base, identity: tracking('fedex', number), payload: r });
			}
			return offers;
		}
		case 'usps': {
			const items = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
			const asked404 = status === 404 ? asked.identities.map((identity) => ({ ...base, identity, payload: null })) : [];
			return [
				...asked404,
				...items
					.filter(
						(i) => i && typeof i === 'object' && typeof (i as { trackingNumber?: unknown }).trackingNumber === 'string',
					)
					.map((i) => ({
						...base,
						identity: tracking('usps', (i as { trackingNumber: string }).trackingNumber),
						payload: i,
					})),
			];
		}
		case 'list': {
			const list = LIST_KEYS[endpoint];
			const records = listRecords(body, asked.shape);
			const named = identifyingQuery(req.query).some(([name]) => list?.params.includes(name));
			if (!list)
				return asked.identities.map((identity) => ({ ...base, identity, payload: status === 404 ? [] : records }));
			if (named) {
				if (!list.multi)
					return asked.identities.map((identity) => ({ ...base, identity, payload: status === 404 ? [] : records }));
				const embedded = embeddedOffers(vendor, records, base);
				// Several keys in one read: each key is answered by the records that carry it (none: not there).
				const name = identifyingQuery(req.query).find(([n]) => list.params.includes(n))?.[0] ?? '';
				const field = list.recordKeys.find(([param]) => param === name)?.[1] ?? '';
				return [
					...asked.identities.map((identity) => {
						const value = identity.slice(identity.lastIndexOf('=') + 1);
						return {
							...base,
							identity,
							payload: records.filter((r) => norm(String((r as Record<string, unknown>)[field] ?? '')) === value),
						};
					}),
					...embedded,
				];
			}
			// A general list (changed since...): one offer per record, for each key the record carries.
			const offers: Offer[] = [{ ...base, identity: asked.identities[0], payload: records }];
			offers.push(...embeddedOffers(vendor, records, base));
			for (const record of records) {
				for (const [param, field] of list.recordKeys) {
					const value = (record as Record<string, unknown>)[field];
					if (value === undefined || value === null || value === '') continue;
					offers.push({
						...base,
						identity: `${endpoint} ${param}=${norm(String(value))}`,
						payload: [record],
						derived: true,
					});
				}
			}
			return offers;
		}
		default: {
			const offers: Offer[] = asked.identities.map((identity) => ({ ...base, identity, payload: body }));
			// A DHL answer names its shipments: each one can answer a read of that number.
			if (vendor === 'dhl' && Array.isArray((body as { shipments?: unknown[] })?.shipments)) {
				for (const s of (body as { shipments: Array<{ id?: unknown }> }).shipments)
					if (typeof s?.id === 'string' && !asked.identities.includes(tracking('dhl', s.id)))
						offers.push({ ...base, identity: tracking('dhl', s.id), payload: { ...(body as object), shipments: [s] } });
			}
			return offers;
		}
	}
}

/**
 * ShipBob's GET /order embeds each order's shipments: a recorded list also answers GET /order/{id} and
 * GET /order/{id}/shipment for the orders it lists (the same data, read the other way).
 */
function embeddedOffers(vendor: ReplayVendor, records: unknown[], base: Omit<Offer, 'identity' | 'payload'>): Offer[] {
	if (vendor !== 'shipbob') return [];
	const offers: Offer[] = [];
	for (const record of records) {
		const id = (record as { id?: unknown })?.id;
		if (typeof id !== 'number' && typeof id !== 'string') continue;
		const of = (path: string) => askedBy({ vendor, method: 'GET', path, query: [] }).identities[0];
		offers.push({ ...base, status: 200, identity: of(`/order/${id}`), payload: record, derived: true });
		const shipments = (record as { shipments?: unknown }).shipments;
		if (Array.isArray(shipments))
			offers.push({ ...base, status: 200, identity: of(`/order/${id}/shipment`), payload: shipments, derived: true });
	}
	return offers;
}

function listRecords(body: unknown, shape: Shape): unknown[] {
	if (shape.kind !== 'list') return [];
	if (shape.envelope === 'array') return Array.isArray(body) ? body : [];
	const field = shape.field ?? '';
	const value = (body as Record<string, unknown> | undefined)?.[field];
	return Array.isArray(value) ? value : [];
}

/* ---------------- the index ---------------- */

export class ReadIndex {
	private readonly byIdentity = new Map<string, Offer[]>();
	readonly offerCount: number;

	constructor(offers: Offer[]) {
		for (const offer of offers) {
			const list = this.byIdentity.get(offer.identity);
			if (list) list.push(offer);
			else this.byIdentity.set(offer.identity, [offer]);
		}
		// Same instant: a direct answer wins over one cut from another question (a ShipStation resource_url page
		// recorded beside /shipments?orderNumber= has no shipment items); then the later entry in the file.
		for (const list of this.byIdentity.values())
			list.sort((a, b) => a.atMs - b.atMs || Number(!!b.derived) - Number(!!a.derived) || a.index - b.index);
		this.offerCount = offers.length;
	}

	/** The latest offer for this identity recorded at or before `atMs`. */
	latest(identity: string, atMs: number): Offer | undefined {
		const list = this.byIdentity.get(identity);
		if (!list) return undefined;
		let found: Offer | undefined;
		for (const offer of list) {
			if (offer.atMs > atMs) break;
			found = offer;
		}
		return found;
	}

	/** Every order's latest recorded state at `atMs` whose updatedAt falls in the window, oldest change first. */
	private changedOrders(shape: { min: number; max: number }, atMs: number): Answer {
		const nodes: Array<Record<string, unknown>> = [];
		const from = new Set<number>();
		for (const identity of this.byIdentity.keys()) {
			if (!SHOPIFY_ORDER_ID.test(identity)) continue;
			const offer = this.latest(identity, atMs);
			const node = offer?.payload as Record<string, unknown> | null | undefined;
			if (!offer || !node) continue;
			const updated = Date.parse(String(node.updatedAt ?? node.createdAt ?? ''));
			if (Number.isNaN(updated) || updated < shape.min || updated > shape.max) continue;
			nodes.push(node);
			from.add(offer.index);
		}
		nodes.sort((a, b) => String(a.updatedAt ?? '').localeCompare(String(b.updatedAt ?? '')));
		return {
			response: {
				status: 200,
				headers: JSON_HEADERS,
				body: { data: { orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } } },
			},
			from: [...from].sort((a, b) => a - b),
			identities: [SHOPIFY_CHANGED],
			missing: [],
		};
	}

	private windowList(req: ReadRequest, shape: Shape, window: ListWindow, atMs: number): Answer {
		const seen = new Set<string>();
		const records: Array<Record<string, unknown>> = [];
		const from = new Set<number>();
		const prefix = `${window.endpoint} orderNumber=`;
		for (const identity of this.byIdentity.keys()) {
			if (!identity.startsWith(prefix)) continue;
			const offer = this.latest(identity, atMs);
			if (!offer) continue;
			for (const record of (offer.payload as Array<Record<string, unknown>> | undefined) ?? []) {
				const value = record?.[window.field];
				if (typeof value !== 'string') continue;
				const stamp = localStamp(value);
				if ((window.min !== undefined && stamp < window.min) || (window.max !== undefined && stamp > window.max))
					continue;
				const id = stable(record);
				if (seen.has(id)) continue;
				seen.add(id);
				records.push(record);
				from.add(offer.index);
			}
		}
		const answered = respond(req, { identities: [], shape }, [
			{ identity: '', atMs, index: -1, status: 200, headers: {}, payload: records },
		]);
		return {
			response: answered,
			from: [...from].sort((a, b) => a - b),
			identities: [`${window.endpoint} ${window.field} in a window`],
			missing: [],
		};
	}

	/** Every identity the capture can answer (for reports). */
	identities(): string[] {
		return [...this.byIdentity.keys()].sort();
	}

	answer(req: ReadRequest, atMs: number): Answer {
		const asked = askedBy(req);
		if (asked.shape.kind === 'shopify-changed') return this.changedOrders(asked.shape, atMs);
		// A "changed since" list nobody recorded as such: every order's latest recorded records, filtered.
		if (asked.shape.kind === 'list' && asked.shape.window && !this.latest(asked.identities[0], atMs))
			return this.windowList(req, asked.shape, asked.shape.window, atMs);
		const offers = asked.identities.map((identity) => this.latest(identity, atMs));
		if (asked.shape.kind === 'list' && offers.length === 1 && offers[0]) offers[0] = this.withSiblingPages(offers[0]);
		const from = [
			...new Set(offers.filter((o): o is Offer => o !== undefined).flatMap((o) => [o.index, ...(o.pages ?? [])])),
		].sort((a, b) => a - b);
		const missing = asked.identities.filter((_, i) => offers[i] === undefined);
		return { response: respond(req, asked, offers), from, identities: asked.identities, missing };
	}

	/**
	 * A list recorded in several pages is one answer: the pages of the same question recorded within
	 * PAGE_SPREAD_MS before the latest one are joined to it (each record once).
	 */
	private withSiblingPages(latest: Offer): Offer {
		const list = this.byIdentity.get(latest.identity) ?? [];
		// Only other pages (never an earlier answer to the same page), the latest recording of each.
		const byPage = new Map<string, Offer>();
		for (const o of list) {
			if (
				o.derived ||
				o.index === latest.index ||
				o.atMs > latest.atMs ||
				latest.atMs - o.atMs > PAGE_SPREAD_MS ||
				o.page === undefined ||
				o.page === latest.page
			)
				continue;
			byPage.set(o.page, o);
		}
		const siblings = [...byPage.values()];
		if (!siblings.length || !Array.isArray(latest.payload)) return latest;
		const seen = new Set<string>();
		const records: unknown[] = [];
		for (const o of [...siblings, latest])
			for (const r of (o.payload as unknown[]) ?? []) {
				const id = stable(r);
				if (!seen.has(id)) records.push(r);
				seen.add(id);
			}
		return { ...latest, payload: records, pages: siblings.map((o) => o.index) };
	}
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The vendor's own answer shape, built from the offers (undefined = nothing recorded). */
function respond(req: ReadRequest, asked: AskedRead, offers: Array<Offer | undefined>): HttpResponse {
	const shape = asked.shape;
	switch (shape.kind) {
		case 'shopify-order': {
			const nodes = offers.map((offer) => (offer?.payload ?? null) as Record<string, unknown> | null);
			if (shape.root === 'order') return { status: 200, headers: JSON_HEADERS, body: { data: { order: nodes[0] } } };
			// nodes(ids:) answers each id in the order asked, null for an unknown one, as Shopify does.
			if (shape.root === 'nodes') return { status: 200, headers: JSON_HEADERS, body: { data: { nodes } } };
			const found = nodes.filter((node): node is Record<string, unknown> => node !== null);
			const unique = found.filter((node, i) => found.findIndex((other) => other.id === node.id) === i);
			const orders = { nodes: unique, pageInfo: { hasNextPage: false, endCursor: null } };
			return { status: 200, headers: JSON_HEADERS, body: { data: { orders } } };
		}
		case 'shopify-owner': {
			const found = offers[0]?.payload as
				| { owned: Record<string, unknown>; order: { id: unknown; name: unknown } }
				| undefined;
			if (!found) return { status: 200, headers: JSON_HEADERS, body: { data: { [shape.root]: null } } };
			const answer =
				shape.root === 'return'
					? { id: found.owned.id, status: found.owned.status ?? null, order: found.order }
					: {
							id: found.owned.id,
							status: found.owned.status ?? null,
							orderId: found.order.id,
							orderName: found.order.name,
							fulfillmentHolds: found.owned.fulfillmentHolds ?? [],
						};
			return { status: 200, headers: JSON_HEADERS, body: { data: { [shape.root]: answer } } };
		}
		case 'shiphero-order': {
			const node = (offers[0]?.payload ?? null) as Record<string, unknown> | null;
			return {
				status: 200,
				headers: JSON_HEADERS,
				body: { data: { orders: { request_id: 'replay', complexity: 1, data: { edges: node ? [{ node }] : [] } } } },
			};
		}
		case 'record': {
			const record = offers[0]?.payload as Record<string, unknown> | null | undefined;
			if (!record) return notFound(req);
			return { status: 200, headers: JSON_HEADERS, body: { status: 200, [shape.field]: record } };
		}
		case 'fedex': {
			const numbers = asked.identities.map((i) => i.split(' ').pop() as string);
			const completeTrackResults = numbers.map(
				(n, i) => (offers[i]?.payload as Record<string, unknown> | undefined) ?? fedexNotFound(n),
			);
			return {
				status: 200,
				headers: JSON_HEADERS,
				body: { transactionId: 'replay', output: { completeTrackResults } },
			};
		}
		case 'usps': {
			const numbers = asked.identities.map((i) => i.split(' ').pop() as string);
			const found = numbers.map((_, i) => (offers[i]?.payload as Record<string, unknown> | null | undefined) ?? null);
			if (numbers.length === 1 && found[0] === null)
				return { status: 404, headers: JSON_HEADERS, body: uspsNotFound(numbers[0]) };
			const items = numbers.map((n, i) => found[i] ?? { trackingNumber: n, ...uspsNotFound(n) });
			return { status: found.every((f) => f !== null) ? 200 : 207, headers: JSON_HEADERS, body: items };
		}
		case 'list': {
			// Union of what each key found, each record once (one order can match two keys).
			const seen = new Set<string>();
			const records: unknown[] = [];
			for (const offer of offers)
				for (const record of (offer?.payload as unknown[] | undefined) ?? []) {
					const id = stable(record);
					if (!seen.has(id)) records.push(record);
					seen.add(id);
				}
			if (shape.envelope === 'array')
				return { status: 200, headers: { ...JSON_HEADERS, 'total-pages': records.length ? '1' : '0' }, body: records };
			// One page holds everything asked about: the product must not page past what was recorded.
			return {
				status: 200,
				headers: JSON_HEADERS,
				body: { [shape.field ?? 'items']: records, total: records.length, page: 1, pages: records.length ? 1 : 0 },
			};
		}
		default: {
			const offer = offers[0];
			if (offer) return { status: offer.status, headers: { ...offer.headers }, body: offer.payload };
			return notFound(req);
		}
	}
}

function fedexNotFound(trackingNumber: string): Record<string, unknown> {
	// FedEx Track answers an unknown number inside a 200 (TrackingNumbers-Resource.json, TrackResult.error).
	return {
		trackingNumber,
		trackResults: [
			{
				trackingNumberInfo: { trackingNumber },
				error: {
					code: 'TRACKING.TRACKINGNUMBER.NOTFOUND',
					message: 'Tracking number cannot be found. Please correct the tracking number and try again.',
				},
			},
		],
	};
}

function uspsNotFound(trackingNumber: string): Record<string, unknown> {
	return { error: { code: '404', message: `The tracking number ${trackingNumber} could not be found.` } };
}

/** Nothing recorded for an exact read: the vendor's not-found answer for that endpoint. */
export function notFound(req: ReadRequest): HttpResponse {
	const path = normalisePath(req.vendor, req.path);
	switch (req.vendor) {
		case 'ups':
			return {
				status: 404,
				headers: JSON_HEADERS,
				body: { response: { errors: [{ code: '151044', message: 'Tracking Information Not Found' }] } },
			};
		case 'dhl':
			return {
				status: 404,
				headers: { 'content-type': 'application/problem+json' },
				body: { title: 'No result found', status: 404, detail: 'No shipment with given tracking number found.' },
			};
		case 'usps':
			return { status: 404, headers: JSON_HEADERS, body: uspsNotFound(path.split('/').pop() ?? '') };
		case 'shipmonk':
			return { status: 404, headers: JSON_HEADERS, body: { message: 'Order not found' } };
		case 'shipbob':
			return /^\/order\/[^/]+\/shipment$/.test(path)
				? { status: 200, headers: JSON_HEADERS, body: [] }
				: { status: 404, headers: JSON_HEADERS, body: { title: 'Not Found', status: 404 } };
		case 'extensiv':
			return {
				status: 200,
				headers: JSON_HEADERS,
				body: { totalResults: 0, _embedded: { 'http://api.3plCentral.com/rels/orders/order': [] } },
			};
		case 'shiphero':
			return {
				status: 200,
				headers: JSON_HEADERS,
				body: { data: null, errors: [{ message: 'replay: nothing recorded for this ShipHero query' }] },
			};
		case 'shopify':
			return {
				status: 200,
				headers: JSON_HEADERS,
				body: { data: null, errors: [{ message: 'replay: nothing recorded for this Shopify query' }] },
			};
		case 'shipstation':
			if (/^\/(orders|shipments)$/.test(path))
				return { status: 200, headers: JSON_HEADERS, body: { [path.slice(1)]: [], total: 0, page: 1, pages: 0 } };
			return { status: 404, headers: JSON_HEADERS, body: { Message: 'Not found' } };
		default:
			return { status: 404, headers: JSON_HEADERS, body: { message: 'Not found' } };
	}
}
