/**
 * Every GraphQL document the ShipHero client sends. Kept in one place so the contract test can
 * validate each one against ShipHero's published schema (introspection in ../shared/vendor-specs).
 * Fields requested are the ones the normaliser reads, nothing more: ShipHero charges credits per field.
 */

const ORDER_FIELDS = `
  id
  legacy_id
  order_number
  partner_order_id
  shop_name
  fulfillment_status
  order_date
  updated_at
  ready_to_ship
  hold_until_date
  holds { fraud_hold address_hold shipping_method_hold operator_hold payment_hold client_hold }
  shipping_address {
    first_name last_name company address1 address2 city state state_code zip country country_code phone
  }
  line_items(first: 100) {
    edges {
      node {
        id sku partner_line_item_id product_name price quantity quantity_shipped quantity_allocated
        backorder_quantity fulfillment_status warehouse
      }
    }
  }
  shipments {
    id
    warehouse_id
    created_date
    delivered
    refunded
    warehouse { identifier }
    line_items(first: 100) { edges { node { line_item_id shipping_label_id quantity line_item { sku } } } }
    shipping_labels {
      id status tracking_number carrier shipping_method tracking_url created_date refunded needs_refund
    }
  }
`;

export const SHIPHERO_ORDER_BY_NUMBER = `
query OrderByNumber($orderNumber: String!) {
  orders(order_number: $orderNumber) {
    request_id
    complexity
    data(first: 5) {
      edges { node { ${ORDER_FIELDS} } }
    }
  }
}`;

/** Store integrations (Shopify) keep the store's own order id in partner_order_id. */
export const SHIPHERO_ORDER_BY_PARTNER_ID = `
query OrderByPartnerId($partnerOrderId: String!) {
  orders(partner_order_id: $partnerOrderId) {
    request_id
    complexity
    data(first: 5) {
      edges { node { ${ORDER_FIELDS} } }
    }
  }
}`;

export const SHIPHERO_ORDERS_UPDATED_SINCE = `
query OrdersUpdatedSince($updatedFrom: ISODateTime!, $first: Int!, $after: String) {
  orders(updated_from: $updatedFrom) {
    request_id
    complexity
    data(first: $first, after: $after, sort: "updated_at") {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${ORDER_FIELDS} } }
    }
  }
}`;

export const SHIPHERO_ORDER_BY_ID = `
query OrderById($id: String!) {
  order(id: $id) {
    request_id
    complexity
    data { ${ORDER_FIELDS} }
  }
}`;

export const SHIPHERO_UPDATE_ADDRESS = `
mutation UpdateShippingAddress($data: UpdateOrderInput!) {
  order_update(data: $data) {
    request_id
    complexity
    order { ${ORDER_FIELDS} }
  }
}`;

export const SHIPHERO_CANCEL = `
mutation CancelOrder($data: CancelOrderInput!) {
  order_cancel(data: $data) {
    request_id
    complexity
    order { ${ORDER_FIELDS} }
  }
}`;

/**
 * An item swap is two mutations: UpdateLineItemInput has no sku (a line's SKU cannot change), so the new item is
 * added as its own line (CreateLineItemInput: sku, partner_line_item_id, quantity and price required) and the old line
 * removed by its id (RemoveLineItemsInput.line_item_ids).
 */
export const SHIPHERO_ADD_LINE_ITEMS = `
mutation AddLineItems($data: AddLineItemsInput!) {
  order_add_line_items(data: $data) {
    request_id
    complexity
    order { ${ORDER_FIELDS} }
  }
}`;

export const SHIPHERO_REMOVE_LINE_ITEMS = `
mutation RemoveLineItems($data: RemoveLineItemsInput!) {
  order_remove_line_items(data: $data) {
    request_id
    complexity
    order { ${ORDER_FIELDS} }
  }
}`;

export const SHIPHERO_WEBHOOK_CREATE = `
mutation CreateWebhook($data: CreateWebhookInput!) {
  webhook_create(data: $data) {
    request_id
    complexity
    webhook { id name url shop_name shared_signature_secret }
  }
}`;

export const SHIPHERO_WEBHOOK_DELETE = `
mutation DeleteWebhook($data: DeleteWebhookInput!) {
  webhook_delete(data: $data) {
    request_id
    complexity
  }
}`;

export const SHIPHERO_WEBHOOKS = `
query Webhooks {
  webhooks {
    request_id
    complexity
    data(first: 100) { edges { node { id name url shop_name shared_signature_secret } } }
  }
}`;

export const SHIPHERO_USER_QUOTA = `
query Quota {
  user_quota { credits_remaining max_available increment_rate time_remaining }
}`;

/** Every document, named, for the contract test. */
export const SHIPHERO_DOCUMENTS: Record<string, string> = {
	SHIPHERO_ORDER_BY_NUMBER,
	SHIPHERO_ORDER_BY_PARTNER_ID,
	SHIPHERO_ORDERS_UPDATED_SINCE,
	SHIPHERO_ORDER_BY_ID,
	SHIPHERO_UPDATE_ADDRESS,
	SHIPHERO_CANCEL,
	SHIPHERO_ADD_LINE_ITEMS,
	SHIPHERO_REMOVE_LINE_ITEMS,
	SHIPHERO_WEBHOOK_CREATE,
	SHIPHERO_WEBHOOK_DELETE,
	SHIPHERO_WEBHOOKS,
	SHIPHERO_USER_QUOTA,
};

/**
 * Credits we expect a document to cost before ShipHero tells us (it charges for what it returns,
 * reported as `complexity`). Conservative: a page of orders with lines and shipments is expensive.
 */
export function estimatedCredits(document: string, variables: Record<string, unknown>): number {
	if (document === SHIPHERO_ORDERS_UPDATED_SINCE) return 10 + Number(variables.first ?? 25) * 12;
	if (document === SHIPHERO_USER_QUOTA) return 1;
	if (document === SHIPHERO_WEBHOOK_CREATE || document === SHIPHERO_WEBHOOK_DELETE || document === SHIPHERO_WEBHOOKS)
		return 5;
	return 60;
}
