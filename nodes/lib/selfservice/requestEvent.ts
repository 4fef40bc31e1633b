/**
 * The ledger event of a customer's request (issue 17): the request as asked, and each outcome it reaches. The
 * event processor reconciles its edit_request observation into the order; `request` keeps what was asked (the
 * new address), so a person approving it later changes exactly that.
 */
import type { NewEvent } from '../ledger/types';
import type { Address, EditRequestData, Observation } from '../order/types';

/**
 * `customer:<requestId>:<outcome>`; a person's decision adds its attempt (`:<n>`), since a request may fail
 * under a person and be decided again.
 */
export function requestEvent(
	orderKey: string,
	requestId: string,
	data: EditRequestData,
	occurredAt: string,
	request: { newAddress: Address } & Record<string, unknown>,
	attempt?: number,
): NewEvent {
	const base = `customer:${requestId}:${data.outcome ?? (data.applied ? 'applied' : 'pending')}`;
	const key = attempt === undefined ? base : `${base}:${attempt}`;
	const observation: Observation<'edit_request'> = {
		source: 'customer',
		sourceId: requestId,
		orderKey,
		kind: 'edit_request',
		occurredAt,
		receivedAt: occurredAt,
		key,
		data,
	};
	return {
		key,
		source: 'customer',
		topic: 'self_service/address_change',
		orderKey,
		payload: { observations: [observation], request },
	};
}
