/**
 * ShipStation's own shapes, as its APIs send and accept them.
 *
 * v1 (ssapi.shipstation.com) publishes no schema. These types follow the saved example responses and
 * request bodies of ShipStation's public Postman collection (orders, webhooks) and the v1 documentation's
 * Shipment model (the collection has no saved List Shipments response). test/contract/shipstation checks
 * every fixture against those sources field by field, so a drift here fails a test.
 * v2 (api.shipstation.com) shapes follow its OpenAPI description (openapi.yaml, MIT).
 */

export interface SsAddress {
	name: string | null;
	company: string | null;
	street1: string | null;
	street2: string | null;
	street3: string | null;
	city: string | null;
	state: string | null;
	postalCode: string | null;
	country: string | null;
	phone: string | null;
	residential: boolean | null;
	addressVerified?: string | null;
}

export interface SsWeight {
	value: number;
	units: string;
	WeightUnits?: number;
}

export interface SsOrderItem {
	orderItemId: number;
	lineItemKey: string | null;
	sku: string | null;
	name: string | null;
	imageUrl: string | null;
	weight: SsWeight | null;
	quantity: number;
	unitPrice: number | null;
	taxAmount: number | null;
	shippingAmount: number | null;
	warehouseLocation: string | null;
	options: Array<{ name: string; value: string }>;
	productId: number | null;
	fulfillmentSku: string | null;
	/** true for discount/adjustment lines: never a physical item to ship. */
	adjustment: boolean;
	upc: string | null;
	createDate: string;
	modifyDate: string;
}

export interface SsAdvancedOptions {
	warehouseId: number | null;
	nonMachinable: boolean;
	saturdayDelivery: boolean;
	containsAlcohol: boolean;
	mergedOrSplit: boolean;
	mergedIds: number[];
	parentId: number | null;
	storeId: number | null;
	customField1: string | null;
	customField2: string | null;
	customField3: string | null;
	source: string | null;
	billToParty: string | null;
	billToAccount: string | null;
	billToPostalCode: string | null;
	billToCountryCode: string | null;
	billToMyOtherAccount: number | null;
}

/** The documented v1 order statuses. Anything else is kept verbatim and normalised to 'unknown'. */
export const SS_ORDER_STATUSES = [
	'awaiting_payment',
	'awaiting_shipment',
	'pending_fulfillment',
	'shipped',
	'on_hold',
	'cancelled',
] as const;
export type SsOrderStatus = (typeof SS_ORDER_STATUSES)[number];

export interface SsOrder {
	orderId: number;
	orderNumber: string;
	orderKey: string | null;
	orderDate: string | null;
	createDate: string | null;
	modifyDate: string | null;
	paymentDate: string | null;
	shipByDate: string | null;
	/** Typed as string: ShipStation may add statuses; the normaliser keeps unknown ones verbatim. */
	orderStatus: string;
	customerId: number | null;
	customerUsername: string | null;
	customerEmail: string | null;
	billTo: SsAddress;
	shipTo: SsAddress;
	items: SsOrderItem[];
	orderTotal: number | null;
	amountPaid: number | null;
	taxAmount: number | null;
	shippingAmount: number | null;
	customerNotes: string | null;
	internalNotes: string | null;
	gift: boolean;
	giftMessage: string | null;
	paymentMethod: string | null;
	requestedShippingService: string | null;
	carrierCode: string | null;
	serviceCode: string | null;
	packageCode: string | null;
	confirmation: string | null;
	shipDate: string | null;
	holdUntilDate: string | null;
	weight: SsWeight | null;
	dimensions: { units: string; length: number; width: number; height: number } | null;
	insuranceOptions: { provider: string | null; insureShipment: boolean; insuredValue: number } | null;
	internationalOptions: { contents: string | null; customsItems: unknown[] | null; nonDelivery: string | null } | null;
	advancedOptions: SsAdvancedOptions | null;
	tagIds: number[] | null;
	userId: string | null;
	externallyFulfilled: boolean;
	externallyFulfilledBy: string | null;
	labelMessages: unknown;
}

export interface SsShipmentItem {
	orderItemId: number | null;
	lineItemKey: string | null;
	sku: string | null;
	name: string | null;
	imageUrl: string | null;
	weight: SsWeight | null;
	quantity: number;
	unitPrice: number | null;
	warehouseLocation: string | null;
	options: Array<{ name: string; value: string }> | null;
	productId: number | null;
	fulfillmentSku: string | null;
}

export interface SsShipment {
	shipmentId: number;
	orderId: number;
	orderKey: string | null;
	userId: string | null;
	customerEmail: string | null;
	orderNumber: string;
	createDate: string;
	/** A date without time ("2015-06-29"). */
	shipDate: string | null;
	shipmentCost: number | null;
	insuranceCost: number | null;
	trackingNumber: string | null;
	isReturnLabel: boolean;
	batchNumber: string | null;
	carrierCode: string | null;
	serviceCode: string | null;
	packageCode: string | null;
	confirmation: string | null;
	warehouseId: number | null;
	voided: boolean;
	voidDate: string | null;
	marketplaceNotified: boolean;
	notifyErrorMessage: string | null;
	shipTo: SsAddress | null;
	weight: SsWeight | null;
	dimensions: { units: string; length: number; width: number; height: number } | null;
	insuranceOptions: { provider: string | null; insureShipment: boolean; insuredValue: number } | null;
	advancedOptions: Partial<SsAdvancedOptions> | null;
	shipmentItems: SsShipmentItem[] | null;
	labelData: string | null;
	formData: string | null;
}

/** Every v1 list endpoint pages the same way. */
export interface SsPage {
	total: number;
	page: number;
	pages: number;
}
export interface SsOrdersPage extends SsPage {
	orders: SsOrder[];
}
export interface SsShipmentsPage extends SsPage {
	shipments: SsShipment[];
}

/** Body of POST /orders/markasshipped (Postman collection "Mark an Order as Shipped"). */
export interface SsMarkShippedRequest {
	orderId: number;
	carrierCode: string;
	shipDate?: string;
	trackingNumber?: string;
	notifyCustomer?: boolean;
	notifySalesChannel?: boolean;
}

export const SS_WEBHOOK_EVENTS = ['ORDER_NOTIFY', 'ITEM_ORDER_NOTIFY', 'SHIP_NOTIFY', 'ITEM_SHIP_NOTIFY'] as const;
export type SsWebhookEvent = (typeof SS_WEBHOOK_EVENTS)[number];

/** Body of POST /webhooks/subscribe. */
export interface SsSubscribeRequest {
	target_url: string;
	event: SsWebhookEvent;
	store_id: number | null;
	friendly_name: string;
}

/** One entry of GET /webhooks (PascalCase, as ShipStation sends it). */
export interface SsWebhookEntry {
	IsLabelAPIHook: boolean;
	WebHookID: number;
	SellerID: number;
	StoreID: number | null;
	HookType: string;
	MessageFormat: string;
	Url: string;
	Name: string;
	BulkCopyBatchID: number | null;
	BulkCopyRecordID: number | null;
	Active: boolean;
	WebhookLogs: unknown[];
	Seller: unknown;
	Store: unknown;
}

/** What ShipStation POSTs to a subscribed URL: a pointer, never the data itself, and unsigned. */
export interface SsWebhookPayload {
	resource_url: string;
	resource_type: string;
}

/* ---------- v2 (OpenAPI) ---------- */

/** GET /v2/labels/{label_id}/track: tracking_information in openapi.yaml. */
export interface SsV2TrackingInfo {
	tracking_number: string;
	tracking_url?: string;
	status_code: string;
	status_detail_code?: string;
	carrier_code?: string;
	carrier_id?: number;
	status_description?: string;
	status_detail_description?: string;
	carrier_status_code: string;
	carrier_detail_code?: string;
	carrier_status_description?: string;
	ship_date?: string | null;
	estimated_delivery_date: string | null;
	actual_delivery_date?: string | null;
	exception_description?: string;
	events: SsV2TrackEvent[];
}

export interface SsV2TrackEvent {
	occurred_at: string;
	carrier_occurred_at?: string;
	description?: string;
	city_locality: string;
	state_province: string;
	postal_code: string;
	country_code?: string;
	company_name?: string;
	signer?: string;
	event_code?: string;
	carrier_detail_code: string;
	status_code: string;
	status_detail_code?: string;
	status_description: string;
	status_detail_description?: string;
	carrier_status_code: string;
	carrier_status_description: string;
	latitude?: number;
	longitude?: number;
}

/** The fields of a v2 label this package reads (the full label has many more). */
export interface SsV2Label {
	label_id: string;
	status: string;
	shipment_id: string;
	tracking_number: string;
	tracking_status?: string;
	carrier_code?: string;
	voided?: boolean;
	[field: string]: unknown;
}

export interface SsV2LabelsPage {
	labels: SsV2Label[];
	total: number;
	page: number;
	pages: number;
	links: Record<string, unknown>;
}
