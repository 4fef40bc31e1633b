/**
 * TypeScript shapes of what the documents in documents.ts return (GraphQL) and of the REST-shaped JSON
 * Shopify sends in webhooks. Field names match the schemas of the supported versions (config.ts); the
 * contract tests check that the fixtures built from these shapes execute against the default one.
 */

export interface GqlMailingAddress {
	name?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	company?: string | null;
	address1?: string | null;
	address2?: string | null;
	city?: string | null;
	province?: string | null;
	provinceCode?: string | null;
	zip?: string | null;
	country?: string | null;
	countryCodeV2?: string | null;
	phone?: string | null;
}

export interface GqlTrackingInfo {
	company?: string | null;
	number?: string | null;
	url?: string | null;
}

export interface GqlFulfillment {
	id: string;
	name?: string;
	status: string;
	displayStatus?: string | null;
	createdAt: string;
	updatedAt?: string;
	inTransitAt?: string | null;
	deliveredAt?: string | null;
	estimatedDeliveryAt?: string | null;
	trackingInfo: GqlTrackingInfo[];
	/** The location it shipped from. */
	location?: { id: string } | null;
	/** The fulfillment order(s) it fulfils (one per location). */
	fulfillmentOrders?: { nodes: Array<{ id: string }> };
	/** What this parcel holds: a fulfillment may carry only some of the order's lines. */
	fulfillmentLineItems?: {
		nodes: Array<{ id: string; quantity: number; lineItem?: { id: string; sku?: string | null } | null }>;
	};
}

export interface GqlFulfillmentHold {
	id?: string;
	reason: string;
	reasonNotes?: string | null;
	/** The app's own name for its hold (2025-01+), read where a flow finds its own hold again. */
	handle?: string | null;
}

export interface GqlFulfillmentOrder {
	id: string;
	status: string;
	requestStatus?: string;
	updatedAt?: string;
	fulfillAt?: string | null;
	fulfillBy?: string | null;
	/** The location that fulfils this fulfillment order (one per location when an order is split). */
	assignedLocation?: { name: string; location?: { id: string } | null } | null;
	fulfillmentHolds?: GqlFulfillmentHold[];
	lineItems?: {
		nodes: Array<{
			id: string;
			sku?: string | null;
			productTitle?: string;
			totalQuantity: number;
			remainingQuantity: number;
			lineItem?: { id: string; sku?: string | null };
		}>;
	};
}

export interface GqlLineItem {
	id: string;
	sku?: string | null;
	title: string;
	quantity: number;
	currentQuantity?: number;
	unfulfilledQuantity?: number;
}

/** A return parcel: the deliverable of a reverse delivery (tracking and label), when one is attached. */
export interface GqlReverseDelivery {
	id: string;
	deliverable?: {
		__typename?: string;
		tracking?: { carrierName?: string | null; number?: string | null; url?: string | null } | null;
		label?: { createdAt?: string | null } | null;
	} | null;
}

export interface GqlReturn {
	id: string;
	name: string;
	status: string;
	totalQuantity?: number;
	createdAt?: string;
	/** What is coming back (the items of the return), with the order line's sku. */
	returnLineItems?: {
		nodes: Array<{
			id: string;
			quantity: number;
			fulfillmentLineItem?: { lineItem?: { sku?: string | null } | null } | null;
		}>;
	};
	reverseFulfillmentOrders?: {
		nodes: Array<{ id: string; status: string; reverseDeliveries?: { nodes: GqlReverseDelivery[] } }>;
	};
}

export interface GqlRefund {
	id: string;
	createdAt?: string | null;
	note?: string | null;
	totalRefundedSet?: { shopMoney: { amount: string; currencyCode: string } };
}

/** Order as GET_ORDER_QUERY / LIST_ORDERS_QUERY / the bulk export return it (list fields optional). */
export interface GqlOrder {
	id: string;
	legacyResourceId?: string;
	name: string;
	createdAt: string;
	updatedAt?: string;
	processedAt?: string;
	cancelledAt?: string | null;
	cancelReason?: string | null;
	closedAt?: string | null;
	displayFinancialStatus?: string | null;
	displayFulfillmentStatus?: string;
	returnStatus?: string | null;
	email?: string | null;
	phone?: string | null;
	customerLocale?: string | null;
	note?: string | null;
	tags?: string[];
	customer?: { id: string; displayName: string } | null;
	shippingAddress?: GqlMailingAddress | null;
	shippingLine?: { title: string; code?: string | null } | null;
	lineItems?: { nodes: GqlLineItem[] };
	fulfillmentOrders?: { nodes: GqlFulfillmentOrder[] };
	fulfillments?: GqlFulfillment[];
	returns?: { nodes: GqlReturn[] };
	refunds?: GqlRefund[];
}

export interface GqlUserError {
	field?: string[] | null;
	message: string;
	code?: string | null;
}

export interface GqlPageInfo {
	hasNextPage: boolean;
	endCursor?: string | null;
}

export interface ThrottleStatus {
	maximumAvailable: number;
	currentlyAvailable: number;
	restoreRate: number;
}

export interface QueryCost {
	requestedQueryCost: number;
	actualQueryCost: number | null;
	throttleStatus: ThrottleStatus;
}

/* ---------------- webhook (REST-shaped) payloads ---------------- */

export interface RestAddress {
	first_name?: string | null;
	last_name?: string | null;
	name?: string | null;
	company?: string | null;
	address1?: string | null;
	address2?: string | null;
	city?: string | null;
	province?: string | null;
	province_code?: string | null;
	zip?: string | null;
	country?: string | null;
	country_code?: string | null;
	phone?: string | null;
}

export interface RestLineItem {
	id: number;
	sku?: string | null;
	title?: string | null;
	name?: string | null;
	quantity: number;
	fulfillable_quantity?: number;
	admin_graphql_api_id?: string;
}

export interface RestFulfillment {
	id: number;
	admin_graphql_api_id?: string;
	order_id?: number;
	name?: string;
	status?: string;
	shipment_status?: string | null;
	created_at?: string;
	updated_at?: string;
	tracking_company?: string | null;
	tracking_number?: string | null;
	tracking_numbers?: string[];
	tracking_url?: string | null;
	tracking_urls?: string[];
	line_items?: RestLineItem[];
	location_id?: number | null;
}

export interface RestOrder {
	id: number;
	admin_graphql_api_id?: string;
	name: string;
	created_at: string;
	updated_at?: string;
	cancelled_at?: string | null;
	cancel_reason?: string | null;
	closed_at?: string | null;
	financial_status?: string | null;
	fulfillment_status?: string | null;
	email?: string | null;
	contact_email?: string | null;
	phone?: string | null;
	customer_locale?: string | null;
	tags?: string;
	shipping_address?: RestAddress | null;
	shipping_lines?: Array<{ title?: string | null }>;
	line_items?: RestLineItem[];
	fulfillments?: RestFulfillment[];
	customer?: { first_name?: string | null; last_name?: string | null } | null;
}
