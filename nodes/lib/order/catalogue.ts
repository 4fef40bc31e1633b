/**
 * The exception catalogue: the words people see. docs/exceptions.md says the same (a test checks it),
 * and alert nodes quote `nextStep` verbatim, so a change here is a change of what the team is told to do.
 */
import type { ExceptionType, Severity } from './types';

export interface ExceptionCatalogueEntry {
	title: string;
	/** One sentence a non-engineer understands. */
	plainWords: string;
	/** What makes the rule fire. */
	trigger: string;
	/** Facts kept in the case's evidence. */
	evidence: string;
	/** Who should act. */
	owner: string;
	/** The suggested next step, quoted by alerts. */
	nextStep: string;
	/** When the engine resolves the case by itself. */
	clears: string;
	defaultSeverity: Severity;
}

export const EXCEPTION_CATALOGUE: Record<ExceptionType, ExceptionCatalogueEntry> = {
	not_sent_to_fulfillment: {
		title: 'Not sent to fulfillment',
		plainWords: 'The order is paid but no warehouse has it yet.',
		trigger:
			'A paid, open order has no warehouse record and no submitted fulfillment request after the not-sent ' +
			'threshold (business hours since it was paid). An order routed to several Shopify locations is judged per ' +
			'fulfillment order: one location at its warehouse (or shipped) does not stop the clock of another. With ' +
			'Confirm Before Opening (default), the case opens only once a warehouse, asked by every key after the ' +
			'threshold, did not find the order.',
		evidence:
			'placedAt, paidAt, financial status, fulfillment order statuses and locations, the locations not sent, the ' +
			'confirming lookup (warehouse, time, keys), threshold in business hours.',
		owner: 'Store operations',
		nextStep:
			'Check the order in Shopify for holds or tags that block the sync, then push it to the warehouse ' +
			'(ShipStation/3PL) by hand or re-run the order sync.',
		clears:
			'As soon as any warehouse reports the order (or finds it when asked), a fulfillment request is submitted, ' +
			"a parcel ships, or the order is cancelled; per location, when that location's warehouse has it.",
		defaultSeverity: 'medium',
	},
	fulfillment_stuck: {
		title: 'Fulfillment stuck',
		plainWords: 'The warehouse has had the order too long without shipping it.',
		trigger:
			'The warehouse status is received, processing, picked, packed, exception or a hold other than ' +
			'inventory/address, longer than the fulfillment-stuck threshold (business hours since the clock start: ' +
			'when the warehouse received the order by default, or when it was created or paid, see Fulfillment Clock ' +
			'Starts). Each warehouse record (one per location) has its own clock: one location shipping does not stop ' +
			"another's.",
		evidence:
			'Warehouse and location, its status verbatim, hold reason, sentToFulfillmentAt, clock start setting and ' +
			'instant, threshold, every stuck warehouse.',
		owner: 'Warehouse / 3PL account manager',
		nextStep:
			'Ask the warehouse why the order has not shipped (quote the order number and their status), and agree a ' +
			'ship date.',
		clears: 'When a parcel ships, the warehouse status moves to shipped, or the order is cancelled.',
		defaultSeverity: 'high',
	},
	backordered: {
		title: 'Backordered',
		plainWords: 'An item is out of stock, so the order cannot ship.',
		trigger:
			'The warehouse holds the order for inventory, or a Shopify fulfillment order is on hold with ' +
			'INVENTORY_OUT_OF_STOCK.',
		evidence: 'Source of the hold, hold detail, since when.',
		owner: 'Merchandising / inventory planner',
		nextStep:
			'Confirm the restock date, tell the customer the new ship date, and offer a substitute, split shipment or ' +
			'refund.',
		clears:
			'When the hold is released (the warehouse or Shopify reports another status), a parcel ships, or the order ' +
			'is cancelled.',
		defaultSeverity: 'medium',
	},
	address_invalid: {
		title: 'Address invalid',
		plainWords: 'The shipping address cannot be delivered to as written.',
		trigger:
			'The newest address check says invalid, or the warehouse or Shopify holds the order because of the address.',
		evidence: 'Validation messages, the source of the hold, the address on file.',
		owner: 'Customer support',
		nextStep:
			'Contact the customer to confirm the address, correct it in Shopify and at the warehouse, then release the hold.',
		clears: 'When a newer address check passes, the address hold is released, or a parcel ships.',
		defaultSeverity: 'high',
	},
	status_mismatch: {
		title: 'Systems disagree',
		plainWords: 'Shopify and the warehouse say different things about this order.',
		trigger:
			'Shopify cancelled the order but the warehouse still has it active; the warehouse cancelled but Shopify ' +
			'did not; Shopify says fulfilled while the warehouse has not shipped; the warehouse shipped (a shipment or ' +
			'label, or its status) while Shopify still says unfulfilled; the shipping address was changed in Shopify ' +
			'after the warehouse imported the order and the warehouse still has the old one (addresses compared ' +
			'normalised: case, punctuation, ZIP+4, USPS abbreviations); or the line items or quantities differ by SKU ' +
			"(for an order routed to several locations, each warehouse against its own location's fulfillment order). " +
			'Only after the status-mismatch grace window.',
		evidence:
			"Both sides' statuses verbatim and when each was observed, every disagreement in words, and as applicable " +
			'the parcels the warehouse shipped, both addresses with the fields that differ and when Shopify changed ' +
			'it, or each SKU with its quantity on each side.',
		owner: 'Store operations',
		nextStep:
			'Decide which system is right, then correct the other one (cancel at the warehouse, or cancel/refund in ' +
			'Shopify) before the parcel leaves.',
		clears:
			'When both systems agree again (Shopify gets the fulfillment, the warehouse gets the new address or lines, ' +
			'or the order is delivered).',
		defaultSeverity: 'high',
	},
	tracking_missing: {
		title: 'Tracking missing in Shopify',
		plainWords: 'A parcel shipped but the customer cannot see its tracking number.',
		trigger:
			'A warehouse or shipping platform reports a parcel with a tracking number that no Shopify fulfillment has, ' +
			'after the tracking-missing grace window (often a partial shipment).',
		evidence:
			'Each parcel Shopify lacks: tracking number, carrier, which systems know it, ship time or date, the lines ' +
			"it carries; Shopify's own fulfillment status.",
		owner: 'Store operations',
		nextStep:
			'Add the tracking number to the order in Shopify (create the fulfillment for those items) so the customer ' +
			'gets the shipping email.',
		clears: 'When Shopify reports a fulfillment with that tracking number, or the parcel is voided.',
		defaultSeverity: 'high',
	},
	tracking_stalled: {
		title: 'Tracking stalled',
		plainWords: 'The carrier has not scanned the parcel for too long.',
		trigger:
			"A parcel that is not delivered has had no physical carrier scan for the carrier's stall limit (business " +
			"hours since the newest physical scan; with none, since the end of the ship date in the warehouse's zone). " +
			'A label-created or shipment-information event is not a scan. With Confirm Before Opening (default), the ' +
			'case opens only once the carrier, asked again after the limit, still has no new scan.',
		evidence:
			'Tracking number, carrier, last physical scan, when the clock started, ship date, when the carrier was ' +
			'last asked, status, limit used.',
		owner: 'Customer support (with the carrier)',
		nextStep:
			'Open a trace with the carrier; if nothing moves within a day, reship or refund and tell the customer first.',
		clears: 'When a new carrier scan arrives or the parcel is delivered.',
		defaultSeverity: 'medium',
	},
	delivery_late: {
		title: 'Delivery late',
		plainWords: 'The promised or estimated delivery date has passed.',
		trigger:
			"The store's promised date (or, without one, the carrier's first estimate or commitment the customer saw; " +
			'the newest one with Late Against set to Newest Estimate) has passed, plus the delivery-late grace, and ' +
			"the order is not delivered. A date without a time means the end of that day in the destination's zone.",
		evidence:
			'Promised date; per parcel not yet delivered: the promise judged against and when it was first seen, the ' +
			'deadline and zone, the current estimate.',
		owner: 'Customer support',
		nextStep:
			'Tell the customer before they ask: the new estimate and what you will do if it slips again (refund ' +
			'shipping, reship).',
		clears:
			'When the order is delivered, cancelled or returned; with Late Against set to Newest Estimate, also when ' +
			'the carrier gives a later estimate (an estimate that disappears leaves the last one standing).',
		defaultSeverity: 'medium',
	},
	delivery_failed: {
		title: 'Delivery failed',
		plainWords: 'The carrier tried to deliver and could not.',
		trigger:
			'The newest carrier status of an undelivered parcel is a failed attempt or a carrier exception, or ' +
			'"available for pickup" right after a failed attempt (a notice left: the customer must act). Shopify\'s ' +
			'relayed shipment status counts like a carrier read.',
		evidence: 'Tracking number, carrier status verbatim, since when.',
		owner: 'Customer support',
		nextStep:
			'Contact the customer about redelivery or pickup, and fix the address with the carrier if that is the cause.',
		clears: 'When the carrier reports progress again (out for delivery, in transit) or delivery.',
		defaultSeverity: 'high',
	},
	returned_to_sender: {
		title: 'Returned to sender',
		plainWords: 'The parcel is going back to the warehouse instead of the customer.',
		trigger: 'The carrier status of a parcel is returned to sender.',
		evidence: 'Tracking number, carrier status, since when.',
		owner: 'Customer support',
		nextStep: 'Contact the customer: confirm the address and reship, or refund once the parcel is back.',
		clears: 'When a new parcel ships after the return, the order is refunded or cancelled.',
		defaultSeverity: 'high',
	},
	notification_late: {
		title: 'Customer notification late',
		plainWords: 'The customer was not told that their order moved on.',
		trigger:
			'A parcel shipped (or was delivered) but no matching customer notification was sent within the ' +
			'notification threshold (business hours).',
		evidence: 'Milestone, when it was reached, the event name expected, the parcel.',
		owner: 'Marketing / CRM owner (Klaviyo flows)',
		nextStep: 'Check the Klaviyo flow and the event sync for this order, then send the update manually.',
		clears: 'When a matching notification is recorded.',
		defaultSeverity: 'low',
	},
	edit_after_cutoff: {
		title: 'Customer request needs a person',
		plainWords:
			'The customer asked to change the order and a person must act: too late to change it automatically, waiting ' +
			'for approval, or a change that failed midway.',
		trigger:
			'An edit request (address, items, cancel) arrived after the edit cutoff (minutes after placing, or once at ' +
			'the warehouse) and was not applied; or, whenever it arrived, a self-service request went to a person for ' +
			'approval or failed midway.',
		evidence:
			'What the customer wants to change, when they asked, the cutoff; for a self-service request its outcome ' +
			'(approval or failed), the reason codes and whether the order was left on hold.',
		owner: 'Customer support',
		nextStep:
			'Approve or reject a waiting request in the Slack approval queue; for a failed one, finish or undo the change ' +
			'and release the hold. Otherwise ask the warehouse whether the order can still be changed; if not, tell the ' +
			'customer and offer a return or an intercept.',
		clears:
			'When the edit is recorded as applied, a person approves or rejects the request, or the order is cancelled. ' +
			'A refused request never opens one.',
		defaultSeverity: 'high',
	},
};
