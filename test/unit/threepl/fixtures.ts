/**
 * Hand-written fixtures for payloads the sims do not produce. Each says where its shape comes from.
 */

/**
 * ShipMonk orderShipmentNotification: shape of
 * ShipMonk_OMS_Notification_ApiResource_ShipmentNotificationOutput (validated in the contract test).
 */
export function shipmonkShipmentNotificationFixture(): Record<string, unknown> {
	const address = {
		name: 'Customer 1006',
		company: null,
		street1: '105 Main St',
		street2: null,
		state: 'TX',
		city: 'Austin',
		zip: '78701',
		country_code: 'US',
		phone: '555-0100',
		email: 'c1006@example.com',
		residential: true,
	};
	return {
		order_key: 'shopify-7000005',
		parent_order_key: null,
		order_number: '#1006',
		warehouse: 'FL1',
		items: [
			{
				line_key: '1006-1',
				quantity: 2,
				ordered_quantity: 2,
				sku: 'TEE-BLK-M',
				name: 'Tee',
				source: 'imported',
				products: [],
				fulfilled_quantity: 2,
			},
			{
				line_key: '1006-2',
				quantity: 1,
				ordered_quantity: 1,
				sku: 'MUG-11OZ',
				name: 'Mug',
				source: 'imported',
				products: [],
				fulfilled_quantity: 0,
			},
		],
		store_id: '42',
		carrier: 'USPS',
		service: 'Ground Advantage',
		master_tracking_number: '9400111',
		tracking_link: null,
		estimated_shipping_cost: 4.1,
		custom_data: [],
		carrier_tracking_url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111',
		carrier_alpha_code: null,
		carrier_trans_method_code: null,
		bill_of_lading_number: null,
		master_bill_of_lading_number: null,
		load_number: null,
		authorization_number: null,
		order_parts: { main_order: { order_number: '#1006', parts: [] } },
		serial_numbers: [],
		order_size: 'regular',
		extra_data: [],
		routing: null,
		ordered_at: '2026-01-05T20:00:00+00:00',
		shipped_at: { date: '2026-01-06 10:00:00.000000', timezone: 'UTC', timezone_type: 3 },
		packages: [
			{
				tracking_number: '9400111',
				tracking_link: null,
				carrier_tracking_url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111',
				weight_lb: 1.1,
				packed_products: [{ sku: 'TEE-BLK-M', quantity: 2, lots: [], line_key: '1006-1' }],
				box_number: 1,
				pallet_number: null,
				carton_labels: null,
				pallet_weight_lb: null,
				packing_group: null,
				packed_items: [{ sku: 'TEE-BLK-M', line_key: '1006-1', quantity: 2 }],
			},
		],
		pallets: [],
		ship_from: null,
		ship_to: address,
	};
}

/**
 * DOCUMENTATION-DERIVED (ShipHero publishes webhook bodies only as examples on
 * developer.shiphero.com/webhooks; no schema): a "Shipment Update" delivery, reduced to the
 * fields the trigger reads (webhook_type, fulfillment.order_number / order_uuid, test).
 */
export function shipheroShipmentUpdateFixture(orderNumber = '#1006'): Record<string, unknown> {
	return {
		test: '0',
		webhook_type: 'Shipment Update',
		fulfillment: {
			shipment_uuid: 'U2hpcG1lbnQ6NTAwMDA1',
			order_uuid: 'T3JkZXI6MzAwMDA1',
			order_number: orderNumber,
			tracking_number: '1Z999AA100000005',
			shipping_carrier: 'ups',
			shipping_method: 'ground',
			line_items: [],
		},
		total_packages: 1,
	};
}

/**
 * DOCUMENTATION-DERIVED: a ShipBob 2026-01 delivery as described on developer.shipbob.com/webhooks
 * (topic in x-webhook-topic; body carries the shipment with its order_id).
 */
export function shipbobShippedFixture(orderId = 900005): Record<string, unknown> {
	return {
		topic: 'order.shipped',
		data: { id: orderId * 10 + 1, order_id: orderId, reference_id: String(1006), status: 'Completed' },
	};
}

/**
 * DOCUMENTATION-DERIVED (Extensiv has no official spec): Order.Models.Order as documented at
 * api.3plcentral.com/rels/orders/order, PascalCase as sent with Accept: application/json.
 */
export function extensivClosedOrderFixture(): Record<string, unknown> {
	return {
		ReadOnly: {
			OrderId: 81234,
			Status: 1,
			IsClosed: true,
			FullyAllocated: true,
			PickStarted: true,
			PickDoneDate: '2026-01-06T10:00:00',
			PackDoneDate: '2026-01-06T11:00:00',
			ProcessDate: '2026-01-06T12:00:00Z',
			LastModifiedDate: '2026-01-06T12:00:00Z',
			FacilityIdentifier: { Name: 'Reno NV', Id: 1 },
			Packages: [
				{ PackageId: 1, TrackingNumber: '794900001', PackageContents: [{ OrderItemId: 11, Qty: 2 }] },
				{ PackageId: 2, TrackingNumber: '794900002', PackageContents: [{ OrderItemId: 12, Qty: 1 }] },
			],
		},
		ReferenceNum: '#2001',
		ShipTo: {
			CompanyName: null,
			Name: 'Dee Park',
			Address1: '9 Elm St',
			Address2: null,
			City: 'Reno',
			State: 'NV',
			Zip: '89501',
			Country: 'US',
			PhoneNumber: '555-0101',
		},
		RoutingInfo: { Carrier: 'FedEx', Mode: 'FEDEX_GROUND', TrackingNumber: '794900001' },
		OrderItems: [
			{ ReadOnly: { OrderItemId: 11 }, ItemIdentifier: { Sku: 'TEE-BLK-M', Id: 300 }, Qty: 2 },
			{ ReadOnly: { OrderItemId: 12 }, ItemIdentifier: { Sku: 'MUG-11OZ', Id: 301 }, Qty: 3 },
		],
	};
}
