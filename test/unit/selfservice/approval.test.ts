/**
 * decideWaitingRequest: a person's Approve / Reject on a customer's request from the approval queue, over an
 * in-memory ledger with the store's rules (unique event keys, cases opened once and resolved) and Shopify and the
 * warehouse as fakes that keep state. The ledger's own atomicity is tested per storage in test/integration/ledger;
 * the node test runs the same through n8n on the embedded ledger.
 * The request and its case are made the way the product makes them: the page's request event, and the
 * edit_after_cutoff rule's evidence reconciled from it.
 */
import type { LedgerEvent, LedgerException, NewEvent, OpenExceptionInput } from '../../../nodes/lib/ledger/types';
import {
	defaultPolicy,
	reconcile,
	type Address,
	type EditRequestData,
	type OrderRecord,
} from '../../../nodes/lib/order';
import { requestEvent } from '../../../nodes/lib/pages/addressRequest';
import {
	cancelHoldHandleOf,
	DECISION_LEASE_MS,
	decideWaitingRequest,
	decisionKeyOf,
	holdHandleOf,
	mayEndCase,
	resolutionOf,
	swapHoldHandleOf,
	swapSummaryOf,
	waitingRequestOf,
	type ApprovalDeps,
	type LineSwap,
	type SwapResult,
	type ChangeShopify,
	type ChangeWarehouse,
	type LiveStatus,
} from '../../../nodes/lib/selfservice';
import { addressChangeOrders, CHANGE_NOW, OLD_ADDRESS } from '../../helpers/addressChangeOrders';

const NEW: Address = {
	name: 'Ana García',
	address1: '500 Pine St',
	city: 'Seattle',
	provinceCode: 'WA',
	zip: '98101',
	countryCode: 'US',
	phone: '+1 213 555 0100',
};
const REQUEST_ID = 'req-approval-0000000001';
const SWAP: LineSwap = {
	lineItemId: 'gid://shopify/LineItem/456',
	quantity: 1,
	from: { variantId: 'gid://shopify/ProductVariant/11', sku: 'TR-L', title: 'Trail Runner', variantTitle: 'L' },
	to: { variantId: 'gid://shopify/ProductVariant/12', sku: 'TR-M', title: 'Trail Runner', variantTitle: 'M' },
};
const DECIDED = '2026-03-05T21:00:00.000Z';

/** Shopify and the warehouse of one order: fulfillment orders with named holds, two addresses, a status. */
function world() {
	const calls: string[] = [];
	const state = {
		holds: new Map<string, Set<string>>([['fo1', new Set<string>()]]),
		shopifyAddress: { ...OLD_ADDRESS } as Address,
		warehouseAddress: { ...OLD_ADDRESS } as Address,
		status: 'received' as LiveStatus['status'],
		failAt: null as string | null,
	};
	const step = (name: string) => {
		calls.push(name);
		if (state.failAt === name) {
			state.failAt = null;
			throw new Error(`${name} failed: 503 from the vendor`);
		}
	};
	const shopify: ChangeShopify = {
		fulfillmentOrders: async () => {
			step('shopify.fulfillmentOrders');
			return [...state.holds].map(([id, set]) => ({
				id,
				status: set.size > 0 ? 'ON_HOLD' : 'OPEN',
				holdHandles: [...set],
			}));
		},
		hold: async (id, handle) => {
			step(`shopify.hold`);
			const adopted = state.holds.get(id)!.has(handle);
			state.holds.get(id)!.add(handle);
			return { adopted };
		},
		updateAddress: async (address) => {
			step('shopify.updateAddress');
			state.shopifyAddress = { ...address };
			return state.shopifyAddress;
		},
		readAddress: async () => state.shopifyAddress,
		release: async (id, handle) => {
			step('shopify.release');
			state.holds.get(id)!.delete(handle);
		},
	};
	const warehouse: ChangeWarehouse = {
		read: async () => ({
			status: { status: state.status, observedAt: new Date().toISOString() },
			address: state.warehouseAddress,
		}),
		changeAddress: async (address) => {
			step('warehouse.changeAddress');
			state.warehouseAddress = { ...address };
			return { address: state.warehouseAddress, adopted: false };
		},
	};
	const held = () => [...state.holds].filter(([, set]) => set.size > 0).map(([id]) => id);
	return { calls, state, shopify, warehouse, held };
}

/** What the approval reads and writes of the ledger, in memory: events by unique key, orders, cases. */
class MemoryLedger {
	readonly events: LedgerEvent[] = [];
	readonly orders = new Map<string, OrderRecord>();
	readonly cases = new Map<string, LedgerException>();
	async appendEvent(event: NewEvent, now: string): Promise<{ status: 'appended' | 'duplicate' }> {
		if (this.events.some((e) => e.key === event.key)) return { status: 'duplicate' };
		this.events.push({ ...event, id: String(this.events.length + 1), receivedAt: now } as unknown as LedgerEvent);
		return { status: 'appended' };
	}
	async upsertOrder(record: OrderRecord, now: string): Promise<void> {
		this.orders.set(record.orderKey, { ...record, updatedAt: record.updatedAt ?? now });
	}
	async getOrder(key: string): Promise<OrderRecord | null> {
		return this.orders.get(key) ?? null;
	}
	async listEvents(filter: { orderKey?: string; source?: string }): Promise<LedgerEvent[]> {
		return this.events.filter(
			(e) => (!filter.orderKey || e.orderKey === filter.orderKey) && (!filter.source || e.source === filter.source),
		);
	}
	async openException(input: OpenExceptionInput, now: string): Promise<void> {
		if (!this.cases.has(input.id))
			this.cases.set(input.id, {
				resolvedAt: null,
				resolution: null,
				...input,
				openedAt: input.openedAt ?? now,
			} as unknown as LedgerException);
	}
	/** `now` is when the ledger is asked (cases here do not age). */
	async getException(id: string, now?: string): Promise<LedgerException | null> {
		void now;
		return this.cases.get(id) ?? null;
	}
	async resolveException(id: string, resolution: string, now: string): Promise<void> {
		const c = this.cases.get(id);
		if (c) Object.assign(c, { resolvedAt: now, resolution });
	}
}
let ledger: MemoryLedger;
let w: ReturnType<typeof world>;
let caseId: string;
const order = addressChangeOrders()[0];

/** The order with the customer's request recorded as `outcome`, reconciled, and its case opened. */
async function seed(
	outcome: 'approval' | 'failed',
	held = false,
	kind: 'address' | 'cancel' | 'swap' = 'address',
): Promise<void> {
	const data: EditRequestData = {
		field: kind === 'cancel' ? 'cancel' : kind === 'swap' ? 'line_items' : 'shipping_address',
		requestedAt: CHANGE_NOW,
		applied: false,
		requestId: REQUEST_ID,
		outcome,
		reasons: outcome === 'approval' ? ['country_change'] : [],
		decidedAt: CHANGE_NOW,
		durationMs: 900,
		decidedBy: null,
		held: outcome === 'failed' ? held : undefined,
		destination: kind === 'address' ? 'Seattle, WA, US' : undefined,
		items: kind === 'swap' ? swapSummaryOf([SWAP]) : undefined,
	};
	const kept =
		kind === 'cancel' ? { reason: 'ordered_by_mistake' } : kind === 'swap' ? { swaps: [SWAP] } : { newAddress: NEW };
	const event = requestEvent(order.orderKey, REQUEST_ID, data, CHANGE_NOW, kept);
	await ledger.appendEvent(event, CHANGE_NOW);
	const observations = (event.payload as { observations: [] }).observations;
	const result = reconcile(order.record, observations, defaultPolicy(), CHANGE_NOW);
	await ledger.upsertOrder(result.record, CHANGE_NOW);
	const opened = result.opened.find((c) => c.type === 'edit_after_cutoff');
	expect(opened).toBeDefined();
	caseId = opened!.id;
	await ledger.openException({ ...opened!, evidence: opened!.evidence }, CHANGE_NOW);
}

function deps(overrides: Partial<ApprovalDeps> = {}): ApprovalDeps {
	return {
		getCase: (id) => ledger.getException(id, DECIDED),
		getOrder: (key) => ledger.getOrder(key),
		requestEvents: (key) => ledger.listEvents({ orderKey: key, source: 'customer' }),
		append: async (event) => ({ duplicate: (await ledger.appendEvent(event, DECIDED)).status === 'duplicate' }),
		resolveCase: async (id, resolution) => {
			await ledger.resolveException(id, resolution, DECIDED);
		},
		change: async () => ({ shopify: w.shopify, warehouse: w.warehouse }),
		now: () => new Date(DECIDED),
		...overrides,
	};
}

/** The outcomes recorded for the request, oldest first. */
async function outcomes(): Promise<EditRequestData[]> {
	const events = await ledger.listEvents({ orderKey: order.orderKey, source: 'customer' });
	return events
		.flatMap((e) => (e.payload as { observations: Array<{ data: EditRequestData }> }).observations)
		.map((o) => o.data)
		.filter((d) => d.outcome !== undefined && d.decidedAt !== CHANGE_NOW);
}

beforeEach(async () => {
	ledger = new MemoryLedger();
	w = world();
});

describe('decideWaitingRequest', () => {
	it('approve: the address the customer asked for is in both systems, recorded with who, the case closed', async () => {
		await seed('approval');
		const result = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'U024BE7LH' }, deps());
		expect(result).toMatchObject({ outcome: 'approved', settled: true, requestId: REQUEST_ID, failedStep: null });
		expect(w.state.shopifyAddress).toMatchObject({ address1: '500 Pine St', city: 'Seattle' });
		expect(w.state.warehouseAddress).toMatchObject({ address1: '500 Pine St', city: 'Seattle' });
		expect(w.held()).toEqual([]);
		expect(await outcomes()).toEqual([
			expect.objectContaining({
				outcome: 'approved',
				applied: true,
				decidedBy: 'U024BE7LH',
				beforeShipping: true,
				destination: 'Seattle, WA, US',
				durationMs: 3_600_000,
			}),
		]);
		const closed = await ledger.getException(caseId, DECIDED);
		expect(closed?.resolvedAt).toBe(DECIDED);
		expect(closed?.resolution).toBe(resolutionOf(result));
		expect(closed?.resolution).toContain('Approved by U024BE7LH');
	});

	it('approve overrides the window and the rules, never the warehouse: picking started → failed, no hold', async () => {
		await seed('approval');
		w.state.status = 'picked';
		// Picking is allowed through the recheck (a person approved); the warehouse itself refuses the write.
		w.warehouse.changeAddress = async () => {
			const { WarehouseAddressError } = await import('../../../nodes/lib/selfservice');
			throw new WarehouseAddressError('shipstation', 'picking', 'picking', 'status', 'hint', null);
		};
		const result = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps());
		expect(result).toMatchObject({ outcome: 'failed', settled: false, failedStep: 'warehouse' });
		expect(result.error).toContain('warehouse_picking');
		expect(w.state.shopifyAddress.address1).toBe(OLD_ADDRESS.address1);
		expect(w.held()).toEqual([]);
		expect((await ledger.getException(caseId, DECIDED))?.resolvedAt ?? null).toBeNull();
		expect(await outcomes()).toEqual([expect.objectContaining({ outcome: 'failed', held: false })]);
	});

	it('approve after the order shipped: refused, nothing changed, the case closed (the customer is told)', async () => {
		await seed('approval');
		w.state.status = 'shipped';
		const result = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps());
		expect(result).toMatchObject({ outcome: 'refused', settled: true, reasons: ['shipped'] });
		expect(w.calls).not.toContain('warehouse.changeAddress');
		expect(w.calls).not.toContain('shopify.updateAddress');
		expect((await ledger.getException(caseId, DECIDED))?.resolution).toMatch(/nothing was changed/);
	});

	it('a failure midway leaves the order held and the case open; the next press tries again and finishes', async () => {
		await seed('approval');
		w.state.failAt = 'shopify.updateAddress';
		const first = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps());
		expect(first).toMatchObject({ outcome: 'failed', failedStep: 'shopify', heldFulfillmentOrders: ['fo1'] });
		expect(w.held()).toEqual(['fo1']);
		expect((await ledger.getException(caseId, DECIDED))?.resolvedAt ?? null).toBeNull();

		const second = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps());
		expect(second.outcome).toBe('approved');
		expect(w.held()).toEqual([]);
		// The second press asks the warehouse again (the real port then adopts the address it already holds, see
		// warehouse.test.ts); Shopify is written by the second press only, the first failed there.
		expect(w.calls.filter((c) => c === 'warehouse.changeAddress')).toHaveLength(2);
		expect(w.calls.filter((c) => c === 'shopify.updateAddress')).toHaveLength(2);
		expect((await outcomes()).map((d) => d.outcome)).toEqual(['failed', 'approved']);
	});

	it('reject: nothing changes, a hold the request left comes off, recorded as rejected, the case closed', async () => {
		await seed('failed', true);
		w.state.holds.get('fo1')!.add(holdHandleOf(REQUEST_ID));
		w.state.holds.get('fo1')!.add('fraud-review');
		const result = await decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'maya' }, deps());
		expect(result).toMatchObject({ outcome: 'rejected', settled: true });
		// Only our hold came off: another app's hold stays.
		expect([...w.state.holds.get('fo1')!]).toEqual(['fraud-review']);
		expect(w.calls).not.toContain('shopify.updateAddress');
		expect(w.calls).not.toContain('warehouse.changeAddress');
		expect(await outcomes()).toEqual([expect.objectContaining({ outcome: 'rejected', decidedBy: 'maya' })]);
		expect((await ledger.getException(caseId, DECIDED))?.resolution).toBe(
			'Rejected by maya: the order keeps its address.',
		);
	});

	it('two presses at once make one decision: the other is told it is being decided, one change', async () => {
		await seed('approval');
		const [a, b] = await Promise.all([
			decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps()),
			decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'sam' }, deps()),
		]);
		expect([a.outcome, b.outcome].filter((o) => o === 'already_decided')).toHaveLength(1);
		expect(await outcomes()).toHaveLength(1);
	});

	it('a press while a decision is still running waits for it: no second change, its hold untouched', async () => {
		await seed('approval');
		// The first press stops inside the warehouse step until the test lets it go on.
		let letGo!: () => void;
		const inWarehouse = new Promise<void>((resolve) => {
			const write = w.warehouse.changeAddress;
			w.warehouse.changeAddress = async (address) => {
				resolve();
				await new Promise<void>((r) => (letGo = r));
				return write(address);
			};
		});
		const first = decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps());
		await inWarehouse;
		const second = await decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'sam' }, deps());
		expect(second).toMatchObject({ outcome: 'already_decided', reasons: ['another press is deciding it'] });
		// Maya's hold is still on while her change runs.
		expect(w.held()).toEqual(['fo1']);
		letGo();
		expect((await first).outcome).toBe('approved');
		expect((await outcomes()).map((d) => [d.outcome, d.decidedBy])).toEqual([['approved', 'maya']]);
	});

	it('a decision that died between steps (claimed, no outcome, older than the lease) is taken over once', async () => {
		await seed('approval');
		const claimedAt = new Date(Date.parse(DECIDED) - DECISION_LEASE_MS - 60_000).toISOString();
		await ledger.appendEvent(
			{
				key: decisionKeyOf(REQUEST_ID, 1),
				source: 'customer',
				topic: 'self_service/decision',
				orderKey: order.orderKey,
				payload: {
					observations: [],
					requestId: REQUEST_ID,
					decision: 'approve',
					decidedBy: 'maya',
					decidedAt: claimedAt,
				},
			},
			claimedAt,
		);
		const result = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'sam' }, deps());
		expect(result.outcome).toBe('approved');
		const again = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'sam' }, deps());
		expect(again.outcome).toBe('already_decided');
		expect(w.calls.filter((c) => c === 'shopify.updateAddress')).toHaveLength(1);
	});

	it('Reject after a failure that changed one system is refused with what to do; the hold stays', async () => {
		await seed('approval');
		w.state.failAt = 'shopify.updateAddress';
		const failed = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps());
		expect(failed).toMatchObject({ outcome: 'failed', failedStep: 'shopify' });
		await expect(decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'sam' }, deps())).rejects.toMatchObject({
			field: 'decision',
			message: expect.stringContaining('the warehouse already has the new address'),
		});
		expect(w.held()).toEqual(['fo1']);
		// Approve finishes it.
		expect((await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'sam' }, deps())).outcome).toBe(
			'approved',
		);
	});

	it('a press on a request decided before changes nothing and says so', async () => {
		await seed('approval');
		await decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'maya' }, deps());
		w.calls.length = 0;
		const again = await decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'sam' }, deps());
		expect(again).toMatchObject({ outcome: 'already_decided', settled: false });
		expect(again.reasons[0]).toBe('decided before: rejected by maya');
		expect(w.calls).toEqual([]);
		expect(await outcomes()).toHaveLength(1);
	});

	it('refuses what is not a waiting customer request, naming the field', async () => {
		await seed('approval');
		await expect(
			decideWaitingRequest({ caseId: 'nope', decision: 'approve', decidedBy: 'maya' }, deps()),
		).rejects.toMatchObject({ field: 'caseId' });
		await expect(
			decideWaitingRequest({ caseId, decision: 'maybe' as 'approve', decidedBy: 'maya' }, deps()),
		).rejects.toMatchObject({ field: 'decision' });
		await expect(decideWaitingRequest({ caseId, decision: 'approve', decidedBy: ' ' }, deps())).rejects.toMatchObject({
			field: 'decidedBy',
		});
		await ledger.openException(
			{ id: 'other', orderKey: order.orderKey, type: 'tracking_missing', severity: 'low', evidence: {} },
			CHANGE_NOW,
		);
		await expect(
			decideWaitingRequest({ caseId: 'other', decision: 'approve', decidedBy: 'maya' }, deps()),
		).rejects.toMatchObject({ field: 'caseId' });
		expect(w.calls).toEqual([]);
	});
});

describe("decideWaitingRequest, the store's approvers", () => {
	const approvers = ['U024BE7LH', 'U0G9QF9C6'];

	it('someone not on the list decides nothing: no claim, no change, nothing recorded, the case open', async () => {
		await seed('approval');
		const eventsBefore = ledger.events.length;
		for (const decision of ['approve', 'reject'] as const) {
			const result = await decideWaitingRequest(
				{ caseId, decision, decidedBy: 'sam', pressedBy: 'U99SAM0001', approvers },
				deps(),
			);
			expect(result).toMatchObject({
				outcome: 'not_allowed',
				settled: false,
				requestId: REQUEST_ID,
				reasons: ["U99SAM0001 is not one of the store's approvers"],
			});
		}
		expect(w.calls).toEqual([]);
		expect(ledger.events).toHaveLength(eventsBefore);
		expect((await ledger.getException(caseId, DECIDED))?.resolvedAt ?? null).toBeNull();

		// An approver's press afterwards is the first decision: nothing was claimed by the refused ones.
		const result = await decideWaitingRequest(
			{ caseId, decision: 'approve', decidedBy: 'Maya', pressedBy: 'U0G9QF9C6', approvers },
			deps(),
		);
		expect(result).toMatchObject({ outcome: 'approved', settled: true });
		expect(await outcomes()).toEqual([expect.objectContaining({ outcome: 'approved', decidedBy: 'Maya' })]);
	});

	it('the list is checked by ID, never by the name a person can change', async () => {
		await seed('approval');
		// A non-approver who renamed themselves to an approver's display name is still refused.
		const result = await decideWaitingRequest(
			{ caseId, decision: 'approve', decidedBy: 'U024BE7LH', pressedBy: 'U99SAM0001', approvers },
			deps(),
		);
		expect(result.outcome).toBe('not_allowed');
		expect(w.calls).toEqual([]);
	});

	it('a list with no presser named is an error naming the field; no list lets anyone decide', async () => {
		await seed('approval');
		await expect(
			decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya', pressedBy: ' ', approvers }, deps()),
		).rejects.toMatchObject({ field: 'pressedBy' });
		expect(w.calls).toEqual([]);
		const open = await decideWaitingRequest(
			{ caseId, decision: 'reject', decidedBy: 'sam', pressedBy: 'U99SAM0001', approvers: [] },
			deps(),
		);
		expect(open.outcome).toBe('rejected');
	});

	it('a non-approver pressing a request decided before is refused, not told who decided it', async () => {
		await seed('approval');
		await decideWaitingRequest(
			{ caseId, decision: 'reject', decidedBy: 'maya', pressedBy: 'U024BE7LH', approvers },
			deps(),
		);
		const late = await decideWaitingRequest(
			{ caseId, decision: 'approve', decidedBy: 'sam', pressedBy: 'U99SAM0001', approvers },
			deps(),
		);
		expect(late.outcome).toBe('not_allowed');
		// Told only that they may not decide: not who decided, nor how.
		expect(late.reasons).toEqual(["U99SAM0001 is not one of the store's approvers"]);
	});

	it('a stranger on a case that is no request, or naming a stale one, is refused, not an error', async () => {
		await seed('approval');
		await ledger.openException(
			{ id: 'other', orderKey: order.orderKey, type: 'tracking_missing', severity: 'low', evidence: {} },
			CHANGE_NOW,
		);
		const stranger = { decision: 'approve' as const, decidedBy: 'sam', pressedBy: 'U99SAM0001', approvers };
		expect((await decideWaitingRequest({ ...stranger, caseId: 'other' }, deps())).outcome).toBe('not_allowed');
		expect((await decideWaitingRequest({ ...stranger, caseId, requestId: 'req-gone' }, deps())).outcome).toBe(
			'not_allowed',
		);
		// An approver pressing the same is told what is wrong.
		await expect(
			decideWaitingRequest({ ...stranger, caseId: 'other', pressedBy: 'U024BE7LH' }, deps()),
		).rejects.toMatchObject({ field: 'caseId' });
		expect(w.calls).toEqual([]);
	});

	it('Resolve (mayEndCase): a case waiting on a customer is for the approvers; others are not', async () => {
		await seed('approval');
		const waiting = (await ledger.getException(caseId))!;
		expect(mayEndCase(waiting, approvers, 'U99SAM0001')).toEqual({
			allowed: false,
			waitingRequestId: REQUEST_ID,
			reason: `U99SAM0001 is not one of the store's approvers, and the case waits on request ${REQUEST_ID}`,
		});
		expect(mayEndCase(waiting, approvers, null).allowed).toBe(false);
		expect(mayEndCase(waiting, approvers, 'U0G9QF9C6').allowed).toBe(true);
		expect(mayEndCase(waiting, [], 'U99SAM0001').allowed).toBe(true);
		const other = { type: 'tracking_missing' as const, evidence: {} };
		expect(mayEndCase(other, approvers, 'U99SAM0001')).toMatchObject({ allowed: true, waitingRequestId: null });
		const settled = { ...waiting, evidence: { edits: [{ requestId: REQUEST_ID, outcome: 'approved' }] } };
		expect(mayEndCase(settled, approvers, 'U99SAM0001').allowed).toBe(true);
	});

	it("the decision keeps the presser's Slack user ID beside the name shown", async () => {
		await seed('approval');
		await decideWaitingRequest(
			{ caseId, decision: 'approve', decidedBy: 'maya', pressedBy: 'U0G9QF9C6', approvers },
			deps(),
		);
		const decisions = ledger.events.filter((e) => e.topic === 'self_service/decision');
		expect(decisions.map((e) => (e.payload as { pressedBy?: string }).pressedBy)).toEqual(['U0G9QF9C6']);
		const outcome = ledger.events.find((e) => e.key.includes(':approved'))!;
		expect(JSON.stringify(outcome.payload)).toContain('"pressedBy":"U0G9QF9C6"');
	});
});

describe('decideWaitingRequest, a cancellation', () => {
	it('approve cancels with our own hold name, recorded as a cancel, the case closed', async () => {
		await seed('approval', false, 'cancel');
		const cancels: string[] = [];
		const result = await decideWaitingRequest(
			{ caseId, decision: 'approve', decidedBy: 'maya' },
			deps({
				cancel: async (_record, decision, handle) => {
					cancels.push(handle);
					return {
						outcome: 'applied',
						decision,
						steps: [],
						heldFulfillmentOrders: [],
						failedStep: null,
						error: null,
						warehouse: 'cancelled',
						shopifyCancelled: true,
					};
				},
			}),
		);
		expect(result).toMatchObject({ kind: 'cancel', outcome: 'approved', settled: true, newAddress: null });
		expect(cancels).toEqual([cancelHoldHandleOf(REQUEST_ID)]);
		expect(w.calls).not.toContain('shopify.updateAddress');
		const [recordedOutcome] = await outcomes();
		expect(recordedOutcome).toMatchObject({ field: 'cancel', outcome: 'approved', applied: true, decidedBy: 'maya' });
		expect(recordedOutcome.beforeShipping).toBeUndefined();
		expect((await ledger.getException(caseId, DECIDED))?.resolution).toBe(
			'Approved by maya: the order is cancelled at the warehouse and in Shopify.',
		);
	});

	it('Reject of a cancel the warehouse carried out and Shopify did not is refused, naming the split', async () => {
		await seed('failed', true, 'cancel');
		// The failed attempt kept where each system stands (as the cancellation page records it).
		await ledger.appendEvent(
			requestEvent(
				order.orderKey,
				REQUEST_ID,
				{
					field: 'cancel',
					requestedAt: CHANGE_NOW,
					applied: false,
					requestId: REQUEST_ID,
					outcome: 'failed',
					reasons: [],
					decidedAt: '2026-03-05T20:00:05.000Z',
					held: true,
				},
				'2026-03-05T20:00:05.000Z',
				{ reason: null, warehouse: 'cancelled', shopifyCancelled: false, failedStep: 'shopify' },
				1,
			),
			CHANGE_NOW,
		);
		await expect(decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'sam' }, deps())).rejects.toThrow(
			/the warehouse has cancelled the order, Shopify has not/,
		);
	});

	it('reject takes off the cancellation hold a failed cancel left, and the order goes on', async () => {
		await seed('failed', true, 'cancel');
		w.state.holds.get('fo1')!.add(cancelHoldHandleOf(REQUEST_ID));
		const result = await decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'maya' }, deps());
		expect(result).toMatchObject({ kind: 'cancel', outcome: 'rejected' });
		expect(w.held()).toEqual([]);
		expect((await ledger.getException(caseId, DECIDED))?.resolution).toBe('Rejected by maya: the order goes on.');
	});
});

describe('decideWaitingRequest, an item swap', () => {
	const swapped = (decision: SwapResult['decision'], over: Partial<SwapResult> = {}): SwapResult => ({
		outcome: 'applied',
		decision,
		steps: [],
		heldFulfillmentOrders: [],
		failedStep: null,
		error: null,
		warehouse: 'swapped',
		shopifySwapped: true,
		...over,
	});

	it('the case shows what changes; approve swaps exactly the lines kept with the request, and closes it', async () => {
		await seed('approval', false, 'swap');
		const exception = (await ledger.getException(caseId, DECIDED))!;
		expect((exception.evidence.edits as Array<Record<string, unknown>>)[0]).toMatchObject({
			field: 'line_items',
			items: '1 × Trail Runner: L → M',
		});
		const calls: Array<{ handle: string; swaps: LineSwap[] }> = [];
		const result = await decideWaitingRequest(
			{ caseId, decision: 'approve', decidedBy: 'maya' },
			deps({
				swap: async (_record, decision, swaps, handle) => {
					calls.push({ handle, swaps });
					return swapped(decision);
				},
			}),
		);
		expect(result).toMatchObject({ kind: 'swap', outcome: 'approved', settled: true });
		expect(calls).toEqual([{ handle: swapHoldHandleOf(REQUEST_ID), swaps: [SWAP] }]);
		expect(w.calls).not.toContain('shopify.updateAddress');
		const [recordedOutcome] = await outcomes();
		expect(recordedOutcome).toMatchObject({
			field: 'line_items',
			outcome: 'approved',
			items: '1 × Trail Runner: L → M',
		});
		expect((await ledger.getException(caseId, DECIDED))?.resolution).toBe(
			'Approved by maya: the new items are in Shopify and at the warehouse.',
		);
	});

	it('a failed approval keeps where each system stands: a later Reject is refused naming the split', async () => {
		await seed('approval', false, 'swap');
		await expect(
			decideWaitingRequest(
				{ caseId, decision: 'approve', decidedBy: 'maya' },
				deps({
					swap: async (_record, decision) =>
						swapped(decision, {
							outcome: 'failed',
							failedStep: 'shopify',
							error: 'Shopify is down',
							heldFulfillmentOrders: ['fo1'],
							shopifySwapped: false,
						}),
				}),
			),
		).resolves.toMatchObject({ outcome: 'failed', failedStep: 'shopify' });
		await expect(decideWaitingRequest({ caseId, decision: 'reject', decidedBy: 'sam' }, deps())).rejects.toThrow(
			/the warehouse has the new items, Shopify still lists the old ones/,
		);
	});

	it('a swap request without its lines in the ledger is an error naming the field', async () => {
		await seed('approval', false, 'swap');
		const exception = (await ledger.getException(caseId, DECIDED))!;
		const events = await ledger.listEvents({ orderKey: order.orderKey, source: 'customer' });
		const stripped = events.map((e) => ({ ...e, payload: { ...(e.payload as object), request: {} } }));
		expect(() => waitingRequestOf(exception, stripped)).toThrow(/keeps no lines/);
	});

	it('this node without a swap port says which node to use', async () => {
		await seed('approval', false, 'swap');
		await expect(decideWaitingRequest({ caseId, decision: 'approve', decidedBy: 'maya' }, deps())).rejects.toThrow(
			/cannot swap items/,
		);
	});
});

describe('waitingRequestOf', () => {
	it('finds the request the case waits on with the address kept for it, and no address is an error', async () => {
		await seed('approval');
		const exception = (await ledger.getException(caseId, DECIDED))!;
		const events = await ledger.listEvents({ orderKey: order.orderKey, source: 'customer' });
		const { request } = waitingRequestOf(exception, events);
		expect(request).toMatchObject({ requestId: REQUEST_ID, outcome: 'approval', decisionsSoFar: 0 });
		expect(request?.newAddress).toEqual(NEW);
		const stripped = events.map((e) => ({ ...e, payload: { ...(e.payload as object), request: {} } }));
		expect(() => waitingRequestOf(exception, stripped)).toThrow(/keeps no address/);
	});
});
