/**
 * Every GraphQL document this package sends to the Shopify Admin API, as named constants.
 *
 * test/contract/shopify/documents.test.ts validates each of them against Shopify's published Admin
 * schema of every supported version (config.ts), and checks that none uses a field or argument
 * deprecated in any of them, so a renamed field or a wrong argument fails CI, not a merchant's run, and
 * Shopify has no reason to send a deprecation notice for our own calls.
 * Keep every document here: a query string built anywhere else escapes that check.
 */

/** Cheapest authenticated call: the credential test and a reachability check. */
export const SHOP_QUERY = /* GraphQL */ `
	query ShopInfo {
		shop {
			name
			myshopifyDomain
			ianaTimezone
		}
	}
`;

const ADDRESS_FIELDS = /* GraphQL */ `
	fragment AddressFields on MailingAddress {
		name
		firstName
		lastName
		company
		address1
		address2
		city
		province
		provinceCode
		zip
		country
		countryCodeV2
		phone
	}
`;

/**
 * The order as Get returns it: everything Order State needs in one call. Nested page sizes are
 * bounded so the requested cost stays far below the 1,000-point single-query limit.
 */
const ORDER_DETAIL_FIELDS = /* GraphQL */ `
	fragment OrderDetailFields on Order {
		id
		legacyResourceId
		name
		createdAt
		updatedAt
		processedAt
		cancelledAt
		cancelReason
		closedAt
		displayFinancialStatus
		displayFulfillmentStatus
		returnStatus @include(if: $parcels)
		email
		phone
		customerLocale
		note
		tags
		customer {
			id
			displayName
		}
		shippingAddress {
			...AddressFields
		}
		shippingLine {
			title
			code
		}
		lineItems(first: 50) {
			nodes {
				id
				sku
				title
				quantity
				currentQuantity
				unfulfilledQuantity
			}
		}
		fulfillmentOrders(first: 5) {
			nodes {
				id
				status
				requestStatus
				updatedAt
				fulfillAt
				fulfillBy
				assignedLocation {
					name
					location {
						id
					}
				}
				fulfillmentHolds {
					id
					reason
					reasonNotes
				}
				lineItems(first: 25) {
					nodes {
						id
						sku
						productTitle
						totalQuantity
						remainingQuantity
						lineItem {
							id
							sku
						}
					}
				}
			}
		}
		fulfillments(first: 10) {
			id
			name
			status
			displayStatus
			createdAt
			updatedAt
			inTransitAt
			deliveredAt
			estimatedDeliveryAt
			location {
				id
			}
			fulfillmentOrders(first: 1) @include(if: $parcels) {
				nodes {
					id
				}
			}
			trackingInfo(first: 5) {
				company
				number
				url
			}
			fulfillmentLineItems(first: 10) @include(if: $parcels) {
				nodes {
					id
					quantity
					lineItem {
						id
						sku
					}
				}
			}
		}
		returns(first: 5) {
			nodes {
				id
				name
				status
				totalQuantity
				returnLineItems(first: 10) @include(if: $parcels) {
					nodes {
						id
						quantity
						... on ReturnLineItem {
							fulfillmentLineItem {
								lineItem {
									sku
								}
							}
						}
					}
				}
				reverseFulfillmentOrders(first: 1) @include(if: $parcels) {
					nodes {
						id
						status
						reverseDeliveries(first: 2) {
							nodes {
								id
								deliverable {
									__typename
									... on ReverseDeliveryShippingDeliverable {
										tracking {
											carrierName
											number
											url
										}
										label {
											createdAt
										}
									}
								}
							}
						}
					}
				}
			}
		}
		refunds(first: 10) {
			id
			createdAt
			note
			totalRefundedSet {
				shopMoney {
					amount
					currencyCode
				}
			}
		}
	}
`;

/**
 * The order as Get Many returns it. Lean on purpose: 250 orders per page must cost less than
 * 1,000 points (2 + 250 x 3 = 752 requested), and Get gives the full picture per order.
 */
const ORDER_SUMMARY_FIELDS = /* GraphQL */ `
	fragment OrderSummaryFields on Order {
		id
		name
		createdAt
		updatedAt
		cancelledAt
		cancelReason
		closedAt
		displayFinancialStatus
		displayFulfillmentStatus
		email
		phone
		customerLocale
		tags
		shippingAddress {
			...AddressFields
		}
		shippingLine {
			title
		}
	}
`;

/**
 * `parcels` adds what each parcel holds (fulfillmentLineItems), the fulfillment order it fulfils, the
 * return parcels (reverse deliveries with tracking) and returnStatus. Off unless asked: these fields are
 * non-null in Shopify's schema and the sandbox's simulated Shopify does not answer them yet.
 */
export const GET_ORDER_QUERY = /* GraphQL */ `
	query GetOrder($id: ID!, $parcels: Boolean = false) {
		order(id: $id) {
			...OrderDetailFields
		}
	}
	${ORDER_DETAIL_FIELDS}
	${ADDRESS_FIELDS}
`;

/**
 * Shopify has no order-by-name field: a search for `name:1001` returns it. Only ids and names here:
 * the detail fragment (parcels' lines, return parcels) costs about 785 points, so the exact match is
 * then read with GET_ORDER_QUERY, each call well under the 1,000-point single-query limit.
 */
export const FIND_ORDER_BY_NAME_QUERY = /* GraphQL */ `
	query FindOrderByName($query: String!) {
		orders(first: 5, query: $query) {
			nodes {
				id
				name
			}
		}
	}
`;

/**
 * Page sizes of the batched read (READ_ORDERS_BY_*): small enough that about ten orders fit in one call
 * under the 1,000-point single-query limit, large enough for nearly every order. An order that fills one
 * of them may have more, and is read again whole with GET_ORDER_QUERY (readOrders.ts), so the batched
 * read never gives fewer facts than Get.
 */
export const ORDER_READ_PAGES = {
	lineItems: 10,
	fulfillmentOrders: 2,
	fulfillmentOrderLineItems: 10,
	fulfillments: 4,
	trackingInfo: 3,
	returns: 2,
} as const;

/**
 * What observationsFromOrder reads of an order that Get reads without parcels (Get Many's summary, the
 * customer's name and the lists), and nothing else: the
 * batched read must give the same observations as Get at a tenth of its query cost (Get: about 445 points
 * an order, mostly its 5 x 25 fulfillment order lines). `pageInfo` says when a page was not the whole list.
 */
const ORDER_OBSERVED_FIELDS = /* GraphQL */ `
	fragment OrderObservedFields on Order {
		...OrderSummaryFields
		customer {
			displayName
		}
		lineItems(first: ${ORDER_READ_PAGES.lineItems}) {
			pageInfo {
				hasNextPage
			}
			nodes {
				id
				sku
				title
				quantity
				currentQuantity
			}
		}
		fulfillmentOrders(first: ${ORDER_READ_PAGES.fulfillmentOrders}) {
			pageInfo {
				hasNextPage
			}
			nodes {
				id
				status
				requestStatus
				updatedAt
				assignedLocation {
					name
					location {
						id
					}
				}
				fulfillmentHolds {
					reason
				}
				lineItems(first: ${ORDER_READ_PAGES.fulfillmentOrderLineItems}) {
					pageInfo {
						hasNextPage
					}
					nodes {
						id
						sku
						productTitle
						totalQuantity
						remainingQuantity
						lineItem {
							id
							sku
						}
					}
				}
			}
		}
		fulfillments(first: ${ORDER_READ_PAGES.fulfillments}) {
			id
			status
			displayStatus
			createdAt
			updatedAt
			deliveredAt
			estimatedDeliveryAt
			location {
				id
			}
			trackingInfo(first: ${ORDER_READ_PAGES.trackingInfo}) {
				company
				number
				url
			}
		}
		returns(first: ${ORDER_READ_PAGES.returns}) {
			pageInfo {
				hasNextPage
			}
			nodes {
				id
				status
			}
		}
	}
`;

/** Many orders by id in one call (the work items' read plans carry Shopify's id of most orders). */
export const READ_ORDERS_BY_ID_QUERY = /* GraphQL */ `
	query ReadOrdersById($ids: [ID!]!) {
		nodes(ids: $ids) {
			... on Order {
				...OrderObservedFields
			}
		}
	}
	${ORDER_OBSERVED_FIELDS}
	${ORDER_SUMMARY_FIELDS}
	${ADDRESS_FIELDS}
`;

/**
 * Many orders by name in one search (`name:1001 OR name:1002`): orders whose id is not known yet. The
 * search may also match near names, so the caller keeps exact matches and pages on until each is found.
 */
export const READ_ORDERS_BY_NAME_QUERY = /* GraphQL */ `
	query ReadOrdersByName($first: Int!, $after: String, $query: String!) {
		orders(first: $first, after: $after, query: $query) {
			pageInfo {
				hasNextPage
				endCursor
			}
			nodes {
				...OrderObservedFields
			}
		}
	}
	${ORDER_OBSERVED_FIELDS}
	${ORDER_SUMMARY_FIELDS}
	${ADDRESS_FIELDS}
`;

export const LIST_ORDERS_QUERY = /* GraphQL */ `
	query ListOrders($first: Int!, $after: String, $query: String, $reverse: Boolean) {
		orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT, reverse: $reverse) {
			pageInfo {
				hasNextPage
				endCursor
			}
			nodes {
				...OrderSummaryFields
			}
		}
	}
	${ORDER_SUMMARY_FIELDS}
	${ADDRESS_FIELDS}
`;

/** The resource locator's list search: small pages, newest first. */
export const SEARCH_ORDERS_QUERY = /* GraphQL */ `
	query SearchOrders($first: Int!, $after: String, $query: String) {
		orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: true) {
			pageInfo {
				hasNextPage
				endCursor
			}
			nodes {
				id
				name
				createdAt
				displayFulfillmentStatus
			}
		}
	}
`;

/* ---------------- mutations ---------------- */

export const ORDER_UPDATE_MUTATION = /* GraphQL */ `
	mutation OrderUpdate($input: OrderInput!) {
		orderUpdate(input: $input) {
			order {
				id
				name
				note
				tags
				updatedAt
				shippingAddress {
					...AddressFields
				}
			}
			userErrors {
				field
				message
			}
		}
	}
	${ADDRESS_FIELDS}
`;

export const TAGS_ADD_MUTATION = /* GraphQL */ `
	mutation TagsAdd($id: ID!, $tags: [String!]!) {
		tagsAdd(id: $id, tags: $tags) {
			node {
				id
			}
			userErrors {
				field
				message
			}
		}
	}
`;

export const FULFILLMENT_TRACKING_UPDATE_MUTATION = /* GraphQL */ `
	mutation FulfillmentTrackingInfoUpdate(
		$fulfillmentId: ID!
		$trackingInfoInput: FulfillmentTrackingInput!
		$notifyCustomer: Boolean
	) {
		fulfillmentTrackingInfoUpdate(
			fulfillmentId: $fulfillmentId
			trackingInfoInput: $trackingInfoInput
			notifyCustomer: $notifyCustomer
		) {
			fulfillment {
				id
				status
				trackingInfo(first: 10) {
					company
					number
					url
				}
			}
			userErrors {
				field
				message
			}
		}
	}
`;

export const FULFILLMENT_CREATE_MUTATION = /* GraphQL */ `
	mutation FulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
		fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
			fulfillment {
				id
				status
				trackingInfo(first: 10) {
					company
					number
					url
				}
			}
			userErrors {
				field
				message
			}
		}
	}
`;

export const FULFILLMENT_ORDER_HOLD_MUTATION = /* GraphQL */ `
	mutation FulfillmentOrderHold($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {
		fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) {
			fulfillmentOrder {
				id
				status
			}
			fulfillmentHold {
				id
				reason
			}
			userErrors {
				field
				message
				code
			}
		}
	}
`;

export const FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION = /* GraphQL */ `
	mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]) {
		fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
			fulfillmentOrder {
				id
				status
			}
			userErrors {
				field
				message
				code
			}
		}
	}
`;

/** `refundMethod` replaces the Boolean `refund` (deprecated in every supported version). */
export const ORDER_CANCEL_MUTATION = /* GraphQL */ `
	mutation OrderCancel(
		$orderId: ID!
		$reason: OrderCancelReason!
		$refundMethod: OrderCancelRefundMethodInput
		$restock: Boolean!
		$notifyCustomer: Boolean
		$staffNote: String
	) {
		orderCancel(
			orderId: $orderId
			reason: $reason
			refundMethod: $refundMethod
			restock: $restock
			notifyCustomer: $notifyCustomer
			staffNote: $staffNote
		) {
			job {
				id
				done
			}
			orderCancelUserErrors {
				field
				message
				code
			}
		}
	}
`;

/** Read-back after a fulfillment order mutation: the hold state as Shopify now has it. */
export const GET_FULFILLMENT_ORDER_QUERY = /* GraphQL */ `
	query GetFulfillmentOrder($id: ID!) {
		fulfillmentOrder(id: $id) {
			id
			status
			orderId
			orderName
			fulfillmentHolds {
				id
				reason
				reasonNotes
				handle
			}
		}
	}
`;

/** A returns/* webhook names the return, not the order: this finds the order to fetch. */
export const GET_RETURN_ORDER_QUERY = /* GraphQL */ `
	query GetReturnOrder($id: ID!) {
		return(id: $id) {
			id
			status
			order {
				id
				name
			}
		}
	}
`;

/* ---------------- order editing (the customer's item swap) ---------------- */

/**
 * Editable lines with their product's other variants. `price` of a ProductVariant is Money (a decimal) "in the
 * default shop currency" (Admin schema, ProductVariant.price), so the shop's currencyCode is read beside it.
 * discountAllocations: an order edit removes the old line with its discount and prices the new variant without
 * one, so a discounted line is no even swap. fulfillmentOrders: where each line ships from, the location the edit
 * must name (orderEditAddVariant's locationId: "A default location ID is chosen automatically if none is provided").
 * Cost per line: 1 + 2 (unit price) + 3 (discounts) + 1 (variant) + 1 (product) + 2 + 100 (variants) = 110; the
 * fulfillment orders 2 + 5 x (1 + 2 + 2 + 25 x 2) = 277: EDITABLE_LINES_PER_PAGE keeps a page under Shopify's
 * 1,000-point single-query limit. The fulfillment orders come again with every page (same query, same answer).
 */
export const READ_EDITABLE_LINES_QUERY = /* GraphQL */ `
	query ReadEditableLines($id: ID!, $first: Int!, $after: String) {
		shop {
			currencyCode
		}
		order(id: $id) {
			id
			fulfillmentOrders(first: 5) {
				nodes {
					id
					status
					assignedLocation {
						location {
							id
						}
					}
					lineItems(first: 25) {
						nodes {
							remainingQuantity
							lineItem {
								id
							}
						}
					}
				}
			}
			lineItems(first: $first, after: $after) {
				pageInfo {
					hasNextPage
					endCursor
				}
				nodes {
					id
					currentQuantity
					unfulfilledQuantity
					sku
					title
					variantTitle
					requiresShipping
					originalUnitPriceSet {
						shopMoney {
							amount
							currencyCode
						}
					}
					discountAllocations {
						allocatedAmountSet {
							shopMoney {
								amount
							}
						}
					}
					variant {
						id
						product {
							id
							variants(first: 100) {
								nodes {
									id
									sku
									title
									price
									availableForSale
								}
							}
						}
					}
				}
			}
		}
	}
`;

/**
 * Opens an edit session. The calculated order's lineItems are the order's lines as they stand (added lines are
 * in addedLineItems), each a CalculatedLineItem: what orderEditSetQuantity takes as lineItemId.
 */
export const ORDER_EDIT_BEGIN_MUTATION = /* GraphQL */ `
	mutation OrderEditBegin($id: ID!) {
		orderEditBegin(id: $id) {
			calculatedOrder {
				id
				lineItems(first: 250) {
					nodes {
						id
						quantity
						editableQuantity
						variant {
							id
						}
					}
				}
			}
			userErrors {
				field
				message
			}
		}
	}
`;

/** An amount in the shop's currency and in the one the customer is charged in (MoneyBag). */
const MONEY_BAG = /* GraphQL */ `
	shopMoney {
		amount
		currencyCode
	}
	presentmentMoney {
		amount
		currencyCode
	}
`;

/**
 * The calculated order's totals after a staged change: totalPriceSet "includes taxes and discounts" and
 * originalOrder is "the order without any changes applied", whose currentTotalPriceSet is what the customer pays
 * now (Admin schema, CalculatedOrder and Order). Selected by both staging mutations, so the last one answers it.
 */
const CALCULATED_TOTALS = /* GraphQL */ `
			calculatedOrder {
				id
				totalPriceSet {${MONEY_BAG}}
				originalOrder {
					id
					currentTotalPriceSet {${MONEY_BAG}}
				}
			}
`;

/**
 * No locationId: the argument exists (2026-01 on) but every supported version marks it deprecated, "No longer
 * supported" (Admin schema, orderEditSetQuantity); the restock goes where Shopify puts it.
 */
export const ORDER_EDIT_SET_QUANTITY_MUTATION = /* GraphQL */ `
	mutation OrderEditSetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
		orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
			calculatedLineItem {
				id
				quantity
			}
${CALCULATED_TOTALS}			userErrors {
				field
				message
			}
		}
	}
`;

/**
 * locationId: "The ID of the location to check for inventory availability. Used for tax calculations. A default
 * location ID is chosen automatically if none is provided" (Admin schema, orderEditAddVariant): the swap names the
 * old line's location so Shopify does not pick another one.
 */
export const ORDER_EDIT_ADD_VARIANT_MUTATION = /* GraphQL */ `
	mutation OrderEditAddVariant(
		$id: ID!
		$variantId: ID!
		$quantity: Int!
		$allowDuplicates: Boolean
		$locationId: ID
	) {
		orderEditAddVariant(
			id: $id
			variantId: $variantId
			quantity: $quantity
			allowDuplicates: $allowDuplicates
			locationId: $locationId
		) {
			calculatedLineItem {
				id
				quantity
				variant {
					id
				}
			}
${CALCULATED_TOTALS}			userErrors {
				field
				message
			}
		}
	}
`;

/** The only step that changes the order: begin, set and add stage an edit session. */
export const ORDER_EDIT_COMMIT_MUTATION = /* GraphQL */ `
	mutation OrderEditCommit($id: ID!, $notifyCustomer: Boolean, $staffNote: String) {
		orderEditCommit(id: $id, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
			order {
				id
			}
			userErrors {
				field
				message
			}
		}
	}
`;

/* ---------------- bulk export ---------------- */

export const BULK_OPERATION_RUN_QUERY_MUTATION = /* GraphQL */ `
	mutation BulkOperationRunQuery($query: String!) {
		bulkOperationRunQuery(query: $query) {
			bulkOperation {
				id
				status
			}
			userErrors {
				field
				message
			}
		}
	}
`;

export const BULK_OPERATION_STATUS_QUERY = /* GraphQL */ `
	query BulkOperationStatus($id: ID!) {
		node(id: $id) {
			... on BulkOperation {
				id
				status
				errorCode
				objectCount
				rootObjectCount
				fileSize
				url
				partialDataUrl
				createdAt
				completedAt
			}
		}
	}
`;

/**
 * The query a bulk export runs. Bulk queries take no variables, so the search filter is embedded as
 * a JSON string literal (which is also a valid GraphQL string literal). Nested connections come back
 * as separate JSONL lines carrying `__parentId`; the plain `fulfillments` list stays inline.
 */
export function bulkOrdersExportQuery(search: string | undefined): string {
	const queryArgument = search && search.trim() ? `(query: ${JSON.stringify(search.trim())})` : '';
	return /* GraphQL */ `
{
  orders${queryArgument} {
    edges {
      node {
        id
        name
        createdAt
        updatedAt
        cancelledAt
        cancelReason
        closedAt
        displayFinancialStatus
        displayFulfillmentStatus
        email
        phone
        customerLocale
        tags
        shippingAddress {
          name
          company
          address1
          address2
          city
          province
          provinceCode
          zip
          country
          countryCodeV2
          phone
        }
        shippingLine {
          title
        }
        fulfillments {
          id
          status
          displayStatus
          createdAt
          updatedAt
          deliveredAt
          location {
            id
          }
          trackingInfo {
            company
            number
            url
          }
        }
        lineItems {
          edges {
            node {
              id
              sku
              title
              quantity
            }
          }
        }
        fulfillmentOrders {
          edges {
            node {
              id
              status
              requestStatus
              updatedAt
              assignedLocation {
                name
                location {
                  id
                }
              }
              fulfillmentHolds {
                reason
              }
            }
          }
        }
      }
    }
  }
}`;
}

/* ---------------- webhook subscriptions ---------------- */

/** `uri` replaces `callbackUrl` and `endpoint` (deprecated in every supported version). */
export const WEBHOOK_SUBSCRIPTIONS_QUERY = /* GraphQL */ `
	query WebhookSubscriptions($first: Int!, $after: String, $uri: String) {
		webhookSubscriptions(first: $first, after: $after, uri: $uri) {
			pageInfo {
				hasNextPage
				endCursor
			}
			nodes {
				id
				topic
				format
				uri
			}
		}
	}
`;

export const WEBHOOK_SUBSCRIPTION_CREATE_MUTATION = /* GraphQL */ `
	mutation WebhookSubscriptionCreate(
		$topic: WebhookSubscriptionTopic!
		$webhookSubscription: WebhookSubscriptionInput!
	) {
		webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
			webhookSubscription {
				id
				topic
				format
			}
			userErrors {
				field
				message
			}
		}
	}
`;

export const WEBHOOK_SUBSCRIPTION_DELETE_MUTATION = /* GraphQL */ `
	mutation WebhookSubscriptionDelete($id: ID!) {
		webhookSubscriptionDelete(id: $id) {
			deletedWebhookSubscriptionId
			userErrors {
				field
				message
			}
		}
	}
`;

/** Every document above by name: the contract test iterates this so nothing escapes validation. */
/**
 * What the order costs the customer now, for the self-service value rule: currentTotalPriceSet is "the total price
 * of the order, after returns and removals ... This includes taxes and discounts" (Admin schema), in the shop's
 * currency and in the one the customer is charged in (presentmentMoney).
 */
export const ORDER_TOTAL_QUERY = /* GraphQL */ `
	query PostPurchaseOrderTotal($id: ID!) {
		order(id: $id) {
			id
			currentTotalPriceSet {${MONEY_BAG}}
		}
	}
`;

export const ALL_DOCUMENTS: Record<string, string> = {
	SHOP_QUERY,
	ORDER_TOTAL_QUERY,
	GET_ORDER_QUERY,
	FIND_ORDER_BY_NAME_QUERY,
	READ_ORDERS_BY_ID_QUERY,
	READ_ORDERS_BY_NAME_QUERY,
	LIST_ORDERS_QUERY,
	SEARCH_ORDERS_QUERY,
	ORDER_UPDATE_MUTATION,
	TAGS_ADD_MUTATION,
	FULFILLMENT_TRACKING_UPDATE_MUTATION,
	FULFILLMENT_CREATE_MUTATION,
	FULFILLMENT_ORDER_HOLD_MUTATION,
	FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION,
	ORDER_CANCEL_MUTATION,
	GET_FULFILLMENT_ORDER_QUERY,
	GET_RETURN_ORDER_QUERY,
	READ_EDITABLE_LINES_QUERY,
	ORDER_EDIT_BEGIN_MUTATION,
	ORDER_EDIT_SET_QUANTITY_MUTATION,
	ORDER_EDIT_ADD_VARIANT_MUTATION,
	ORDER_EDIT_COMMIT_MUTATION,
	BULK_OPERATION_RUN_QUERY_MUTATION,
	BULK_OPERATION_STATUS_QUERY,
	WEBHOOK_SUBSCRIPTIONS_QUERY,
	WEBHOOK_SUBSCRIPTION_CREATE_MUTATION,
	WEBHOOK_SUBSCRIPTION_DELETE_MUTATION,
	BULK_ORDERS_EXPORT_QUERY_SAMPLE: bulkOrdersExportQuery('updated_at:>="2026-01-01T00:00:00Z"'),
	BULK_ORDERS_EXPORT_QUERY_ALL: bulkOrdersExportQuery(undefined),
};
