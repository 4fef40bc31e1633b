/**
 * Shopify as the address change needs it (ChangeShopify), over the Admin API client: the order's
 * fulfillment orders, our hold by its handle, the shipping address set and read back.
 */
import {
	cancelOrder,
	fulfillmentHoldHandles,
	getOrder,
	holdByHandle,
	releaseHoldByHandle,
	checkSwapLineItems,
	readEditableLines,
	ShopifyNotConfirmedError,
	swapLineItems,
	updateShippingAddress,
	type AddressInput,
	HOLD_REASONS,
	type OrderRef,
	type ShopifyClient,
} from '../connectors/shopify';
import { addressFromGql } from '../connectors/shopify/normalise';
import type { GqlMailingAddress } from '../connectors/shopify/types';
import type { Address, OrderRecord } from '../order/types';
import type { ChangeShopify } from './addressChange';
import type { CancelShopify } from './cancellation';
import type { LineSwap, SwapShopify } from './swap';

const HOLD_NOTE = 'The customer is changing the delivery address (self-service); released when both systems have it.';

/**
 * Shopify keeps first and last name apart; the page asks for one name as people write it. The last word is
 * the last name ("Mary Ann Smith": Mary Ann / Smith), which is what Shopify's own checkout does with one
 * field; a single word is the last name alone.
 */
export function shopifyAddressInput(address: Address): AddressInput {
	const words = String(address.name ?? '')
		.trim()
		.split(/\s+/)
		.filter(Boolean);
	const input: AddressInput = {
		firstName: words.slice(0, -1).join(' '),
		lastName: words[words.length - 1] ?? '',
		company: address.company ?? '',
		address1: address.address1 ?? '',
		address2: address.address2 ?? '',
		city: address.city ?? '',
		provinceCode: address.provinceCode ?? '',
		zip: address.zip ?? '',
		countryCode: address.countryCode ?? '',
		phone: address.phone ?? '',
	};
	return input;
}

export function addressFromShopify(a: GqlMailingAddress | null | undefined): Address | null {
	return a ? addressFromGql(a) : null;
}

/** The order's fulfillment orders with the handles of the holds on the held ones. */
function fulfillmentOrdersOf(client: ShopifyClient, order: OrderRef): HoldingPart['fulfillmentOrders'] {
	return async () => {
		const out = [];
		for (const fo of (await getOrder(client, order)).fulfillmentOrders?.nodes ?? [])
			out.push({
				id: fo.id,
				status: fo.status,
				// Only a held one needs its holds' names: are they ours (a retry), or someone else's?
				holdHandles: fo.status === 'ON_HOLD' ? await fulfillmentHoldHandles(client, fo.id) : [],
			});
		return out;
	};
}

type HoldingPart = Pick<ChangeShopify, 'fulfillmentOrders' | 'hold' | 'release'>;
type HoldReason = (typeof HOLD_REASONS)[number];

/** Our hold by its handle, with the note a person sees in Shopify, and its release. */
function holdsOf(client: ShopifyClient, order: OrderRef, note: string, reason: HoldReason): HoldingPart {
	return {
		fulfillmentOrders: fulfillmentOrdersOf(client, order),
		hold: async (id, handle) => ({ adopted: (await holdByHandle(client, id, handle, note, reason)).adopted }),
		release: async (id, handle) => {
			await releaseHoldByHandle(client, id, handle);
		},
	};
}

/** The order's Shopify side of the change; `order` is its id when the record knows it, else its name. */
/** The order in Shopify: by its id when the record knows it, else by its name. */
export function shopifyOrderOf(record: OrderRecord): OrderRef {
	return record.shopifyId
		? { by: 'id', value: record.shopifyId }
		: { by: 'name', value: record.name ?? `#${record.orderKey}` };
}

export function shopifyChangePort(client: ShopifyClient, order: OrderRef): ChangeShopify {
	return {
		...holdsOf(client, order, HOLD_NOTE, 'INCORRECT_ADDRESS'),
		updateAddress: async (address) => {
			try {
				return addressFromShopify(
					(await updateShippingAddress(client, order, shopifyAddressInput(address))).readBack.shippingAddress,
				);
			} catch (error) {
				// Shopify's own exact check fails on formatting it applied (a ZIP's case, a region it drops); the
				// change's read-back compares the way a parcel is delivered, so it decides.
				if (!(error instanceof ShopifyNotConfirmedError)) throw error;
				return addressFromShopify((await getOrder(client, order)).shippingAddress);
			}
		},
		readAddress: async () => addressFromShopify((await getOrder(client, order)).shippingAddress),
	};
}

const CANCEL_HOLD_NOTE = 'The customer is cancelling the order (self-service); it is cancelled at the warehouse first.';

/**
 * The order's Shopify side of the cancellation: our hold (reason OTHER, with a note saying why), and orderCancel
 * with reason CUSTOMER and restock on, sent once (cancelOrder looks for cancelledAt before sending again).
 */
export function shopifyCancelPort(client: ShopifyClient, order: OrderRef): CancelShopify {
	return {
		...holdsOf(client, order, CANCEL_HOLD_NOTE, 'OTHER'),
		cancel: async (options) => {
			const done = await cancelOrder(client, order, {
				reason: 'CUSTOMER',
				restock: true,
				refund: options.refund,
				notifyCustomer: options.notifyCustomer,
				staffNote: options.staffNote,
			});
			return { cancelledAt: done.readBack.cancelledAt ?? null, adopted: done.adopted === true };
		},
		readCancelledAt: async () => (await getOrder(client, order)).cancelledAt ?? null,
	};
}

/** A swap as Shopify's order edit takes it: the line, the new variant, all of the line's units. */
function shopifySwapOf(s: LineSwap) {
	return { lineItemId: s.lineItemId, variantId: s.to.variantId, quantity: s.quantity };
}

const SWAP_HOLD_NOTE = 'The customer is changing items (self-service); released when both systems have the new items.';

/**
 * The order's Shopify side of the item swap: our hold (reason OTHER, with a note saying why), the lines with
 * their variants, and one order edit committed once (swapLineItems looks for the swap made before committing).
 */
export function shopifySwapPort(client: ShopifyClient, order: OrderRef): SwapShopify {
	return {
		...holdsOf(client, order, SWAP_HOLD_NOTE, 'OTHER'),
		lines: () => readEditableLines(client, order),
		check: async (swaps) => {
			await checkSwapLineItems(client, order, swaps.map(shopifySwapOf));
		},
		swap: (swaps, options) => swapLineItems(client, order, swaps.map(shopifySwapOf), options),
	};
}
