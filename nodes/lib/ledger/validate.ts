/** Input checks shared by every backend: a clear error naming the field instead of a database error. */
import { EXCEPTION_TYPES, STAGES, type OrderRecord } from '../order/types';
import { invalidInput } from './errors';
import type { NewEvent, OpenExceptionInput } from './types';

export function requireText(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') throw invalidInput(field, 'must be a non-empty string');
	return value;
}

export function requireIso(value: unknown, field: string): string {
	if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
		throw invalidInput(field, `must be an ISO 8601 date-time (got ${JSON.stringify(value)})`);
	}
	return new Date(value).toISOString();
}

export function requirePositiveInt(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalidInput(field, 'must be a whole number of at least 1');
	return value;
}

/**
 * PostgreSQL text and jsonb cannot hold the NUL character (U+0000); we refuse it up front, naming
 * where it is, rather than lose it silently or fail with an opaque driver message.
 */
export function assertNoNul(value: unknown, path: string): void {
	if (typeof value === 'string') {
		if (value.includes('\u0000')) throw invalidInput(path, 'contains a NUL character (\\u0000), which cannot be stored; remove it before appending');
		return;
	}
	if (Array.isArray(value)) {
		value.forEach((v, i) => assertNoNul(v, `${path}[${i}]`));
		return;
	}
	if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			assertNoNul(k, `${path} (a key)`);
			assertNoNul(v, `${path}.${k}`);
		}
	}
}

export function validateNewEvent(event: NewEvent): void {
	requireText(event.key, 'key');
	requireText(event.source, 'source');
	if (event.payload === undefined) throw invalidInput('payload', 'is required (use null or {} for an empty payload)');
	if (event.receivedAt != null) requireIso(event.receivedAt, 'receivedAt');
	assertNoNul(event.key, 'key');
	assertNoNul(event.topic, 'topic');
	assertNoNul(event.orderKey, 'orderKey');
	assertNoNul(event.payload, 'payload');
}

export function validateOrderRecord(record: OrderRecord): void {
	if (!record || typeof record !== 'object') throw invalidInput('order', 'must be an OrderRecord object');
	requireText(record.orderKey, 'order.orderKey');
	if (!STAGES.includes(record.stage)) throw invalidInput('order.stage', `must be one of ${STAGES.join(', ')} (got ${JSON.stringify(record.stage)})`);
	requireIso(record.stageChangedAt, 'order.stageChangedAt');
	if (!Array.isArray(record.openExceptionTypes)) throw invalidInput('order.openExceptionTypes', 'must be an array (empty when none)');
	for (const t of record.openExceptionTypes) {
		if (!EXCEPTION_TYPES.includes(t)) throw invalidInput('order.openExceptionTypes', `unknown exception type ${JSON.stringify(t)}`);
	}
	assertNoNul(record, 'order');
}

export function validateOpenException(input: OpenExceptionInput): void {
	requireText(input.id, 'exception.id');
	requireText(input.orderKey, 'exception.orderKey');
	if (!EXCEPTION_TYPES.includes(input.type)) throw invalidInput('exception.type', `must be one of ${EXCEPTION_TYPES.join(', ')}`);
	if (!['low', 'medium', 'high', 'critical'].includes(input.severity)) throw invalidInput('exception.severity', 'must be low, medium, high or critical');
	if (input.openedAt != null) requireIso(input.openedAt, 'exception.openedAt');
	assertNoNul(input, 'exception');
}

/** Key-order-independent JSON, to tell "the merge changed nothing" from a real change. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** True when two records differ only in the ledger's own bookkeeping (version, updatedAt). */
export function sameOrderContent(a: OrderRecord, b: OrderRecord): boolean {
	const strip = ({ version: _v, updatedAt: _u, ...rest }: OrderRecord) => rest;
	return canonicalJson(strip(a)) === canonicalJson(strip(b));
}
