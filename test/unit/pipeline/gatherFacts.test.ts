/** The facts after the reads: each rule of gatherFacts and classifyReadFailure on a small case. */
import { classifyReadFailure, gatherFacts, ReadFailedError } from '../../../nodes/lib/pipeline';
import { observation, workItem } from './fixtures';

const fromEvent = observation('shopify', 'order', { name: '#1001' });
const fromShopify = observation('shopify', 'fulfillment_order', { id: 'fo1' });
const fromWarehouse = observation('shipbob', 'fulfillment', { status: 'processing' });
const notThere = observation('shipbob', 'lookup', { subject: 'order', keys: ['order_number:1001'], found: false });
const scan = observation('ups', 'tracking', { trackingNumber: '1ZA' });
const item = workItem({ observations: [fromEvent] });
const warehouse = (items: object[]) => ({ read: 'Warehouse status (3PL)', items });

function thrownBy(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	throw new Error('expected a throw');
}

describe('classifyReadFailure', () => {
	it('no error: answered', () => {
		for (const error of [undefined, null, '', 0]) expect(classifyReadFailure(error)).toBe('answered');
	});

	it('the warehouse has not received the order: a fact, whatever the wording or where it says so', () => {
		for (const error of [
			'Order 1001 not found at ShipBob',
			'GET /orders answered 404',
			'ShipStation has no order 1001',
			{ message: 'NOT FOUND' },
			{ status: 404 },
		])
			expect(classifyReadFailure(error)).toBe('not_found');
	});

	it('anything else: failed', () => {
		for (const error of ['answered 503', 'The credentials were rejected', { status: 500 }, true])
			expect(classifyReadFailure(error)).toBe('failed');
	});
});

describe('gatherFacts', () => {
	it("the events' facts first, then each read's, in the order given", () => {
		const { observations } = gatherFacts(item, {
			shopify: { read: 'Shopify order', items: [{ observations: [fromShopify] }] },
			warehouses: [warehouse([{ observations: [fromWarehouse] }])],
			carriers: { read: 'Track parcels', items: [{ observation: scan }, {}] },
		});
		expect(observations).toEqual([fromEvent, fromShopify, fromWarehouse, scan]);
		expect(item.observations).toEqual([fromEvent]);
	});

	it('a warehouse that has not received the order gives its lookup fact, not a failure', () => {
		const reads = { warehouses: [warehouse([{ error: 'Order 1001 not found', observations: [notThere] }])] };
		expect(gatherFacts(item, reads).observations).toEqual([fromEvent, notThere]);
	});

	it('any other warehouse failure fails the order, naming the read and passing on what to do', () => {
		const reads = {
			warehouses: [warehouse([{ error: 'ShipBob answered 503', description: 'Try again later.' }])],
		};
		const error = thrownBy(() => gatherFacts(item, reads));
		expect(error).toBeInstanceOf(ReadFailedError);
		expect(error).toMatchObject({
			message: 'Warehouse status (3PL): ShipBob answered 503',
			read: 'Warehouse status (3PL)',
			hint: 'Try again later.',
		});
	});

	it('an error object says its message, or its JSON when it has none (the Code node said [object Object])', () => {
		const failing = (error: unknown) => () => gatherFacts(item, { warehouses: [warehouse([{ error }])] });
		expect(failing({ message: 'refused' })).toThrow('Warehouse status (3PL): refused');
		expect(failing({ code: 'E1' })).toThrow('Warehouse status (3PL): {"code":"E1"}');
	});

	it('a failed Shopify read fails the order (in n8n its error output already leads there)', () => {
		const reads = { shopify: { read: 'Shopify order', items: [{ error: 'Order #1001 not found' }] } };
		expect(() => gatherFacts(item, reads)).toThrow('Shopify order: Order #1001 not found');
	});

	it("a carrier failure is not the order's: that parcel just has no fresh scan this run", () => {
		const reads = {
			carriers: { read: 'Track parcels', items: [{ error: 'UPS answered 500' }, { observation: scan }] },
		};
		expect(gatherFacts(item, reads).observations).toEqual([fromEvent, scan]);
	});

	it('on the re-read nothing fails: the held case stays held and the next run asks again', () => {
		const reads = { warehouses: [warehouse([{ error: 'ShipBob answered 503' }, { observations: [notThere] }])] };
		expect(gatherFacts(item, reads, { reread: true }).observations).toEqual([fromEvent, notThere]);
	});

	it("a read's observations that are not a list are skipped (the Code node spread them or threw)", () => {
		const reads = { warehouses: [warehouse([{ observations: 'oops' }, { observations: { a: 1 } }])] };
		expect(gatherFacts(item, reads).observations).toEqual([fromEvent]);
	});
});
