/**
 * The order a user types into ShipStation "Create or Update Order", checked before the call: ShipStation's
 * createorder refuses an order without these fields with a bare 400, so we name the missing field instead.
 */
import { ValidationError } from '../../http/errors';
import type { SsOrder } from './types';

export const REQUIRED_ORDER_FIELDS = ['orderNumber', 'orderDate', 'orderStatus', 'billTo', 'shipTo'] as const;

/** `value` is the parameter as n8n gives it: a JSON string, or an object when set by an expression. */
export function parseShipStationOrderInput(value: unknown): Partial<SsOrder> {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new ValidationError(`Order (JSON) is not valid JSON: ${(error as Error).message}`, 'orderJson');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new ValidationError('Order (JSON) must be a JSON object', 'orderJson');
	const order = parsed as Partial<SsOrder>;
	for (const field of REQUIRED_ORDER_FIELDS) {
		if (order[field] === undefined || order[field] === null || order[field] === '') {
			throw new ValidationError(`Order (JSON) has no ${field}`, field, `ShipStation requires ${field} on createorder.`);
		}
	}
	return order;
}
