/** A failed step fails every event of its order: failedEvents on each shape of error a step can give. */
import { failedEvents } from '../../../nodes/lib/pipeline';
import { workItem } from './fixtures';

const item = workItem({
	events: [
		{ id: 'e1', key: 'k1', leaseToken: 't1', source: 'shopify', topic: 'orders/paid' },
		{ id: 'e2', key: 'k2', leaseToken: 't2', source: 'ups', topic: 'tracking' },
	],
});

describe('failedEvents', () => {
	it('every event of the order, with its lease token and the error', () => {
		expect(failedEvents(item, 'Warehouse status (3PL): 503')).toEqual([
			{ eventId: 'e1', leaseToken: 't1', error: 'Warehouse status (3PL): 503' },
			{ eventId: 'e2', leaseToken: 't2', error: 'Warehouse status (3PL): 503' },
		]);
	});

	it("reads an Error's or an object's message", () => {
		expect(failedEvents(item, new Error('boom'))[0].error).toBe('boom');
		expect(failedEvents(item, { message: 'bad data' })[0].error).toBe('bad data');
	});

	it('a failure that says nothing still fails the events, as "processing failed"', () => {
		for (const error of [undefined, null, '', {}, { message: '' }, 0])
			expect(failedEvents(item, error)[0].error).toBe('processing failed');
	});

	it('a message that is not text becomes text (the Code node passed it on as it was)', () => {
		expect(failedEvents(item, { message: 503 })[0].error).toBe('503');
	});
});
