/**
 * What the customer's address change and cancellation do alike around their own steps: put our hold (named by
 * the request) on every open fulfillment order, note each step, and take our hold off again. Kept in one place
 * so both flows hold and release the same way.
 */
import type { Decision } from './decide';

/** The steps of a self-service change, in order (the cancellation's are the same, cancelling). */
export const CHANGE_STEPS = ['hold', 'recheck', 'warehouse', 'shopify', 'read_back', 'release'] as const;
export type ChangeStep = (typeof CHANGE_STEPS)[number];

export interface StepRecord {
	step: ChangeStep;
	at: string;
	ok: boolean;
	/** The vendor had already done it (a lost answer before), so it was adopted, not repeated. */
	adopted?: boolean;
	/** What happened, for the order's case and the execution log (vendor errors carry no secrets). */
	detail?: string;
}

/** Shopify as a hold needs it. */
export interface HoldingShopify {
	/** The order's fulfillment orders (id, status, the handles of the holds on it) as Shopify holds them now. */
	fulfillmentOrders(): Promise<Array<{ id: string; status: string; holdHandles?: Array<string | null> }>>;
	/** Places our hold named `handle`, once (a retry finds it). */
	hold(fulfillmentOrderId: string, handle: string): Promise<{ adopted: boolean }>;
	/** Takes our hold named `handle` off, and no other. */
	release(fulfillmentOrderId: string, handle: string): Promise<void>;
}

/** Statuses our hold may go on; IN_PROGRESS is already at the warehouse, whose own status guards it. */
export const HOLDABLE = new Set(['OPEN', 'SCHEDULED', 'ON_HOLD']);
const AT_WAREHOUSE = new Set(['IN_PROGRESS']);

/** A failure in words for a step and the result: vendor errors carry no secrets; long ones are cut. */
export function message(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

export type Note = (step: StepRecord['step'], ok: boolean, extra?: Partial<StepRecord>) => void;

/**
 * Holds every holdable fulfillment order with our `handle`, unless Shopify already overtook the request: a
 * fulfillment order closed (shopify_fulfillment_closed) or held by someone else (on_hold: a fraud review, staff),
 * which sends it to a person with nothing held. Each one is pushed to `held` before it is asked for, so a hold
 * Shopify placed but whose answer was lost is still reported as ours. Throws what Shopify throws.
 */
export async function holdOpen(
	shopify: HoldingShopify,
	handle: string,
	held: string[],
	note: Note,
): Promise<'shopify_fulfillment_closed' | 'on_hold' | null> {
	const fulfillmentOrders = await shopify.fulfillmentOrders();
	let overtaken: 'shopify_fulfillment_closed' | 'on_hold' | null = null;
	for (const fo of fulfillmentOrders) {
		const status = String(fo.status).toUpperCase();
		if (AT_WAREHOUSE.has(status)) continue;
		if (!HOLDABLE.has(status)) overtaken ??= 'shopify_fulfillment_closed';
		else if ((fo.holdHandles ?? []).some((h) => h !== handle)) overtaken ??= 'on_hold';
	}
	if (overtaken !== null) return overtaken;
	for (const fo of fulfillmentOrders) {
		if (!HOLDABLE.has(String(fo.status).toUpperCase())) continue;
		held.push(fo.id);
		const { adopted } = await shopify.hold(fo.id, handle);
		note('hold', true, { adopted, detail: fo.id });
	}
	return null;
}

/** Takes our hold off every fulfillment order still held; the first failure stops it (the rest stay held). */
export async function releaseAll(
	shopify: HoldingShopify,
	handle: string,
	held: string[],
	note: Note,
): Promise<{ error: unknown } | null> {
	for (const id of [...held]) {
		try {
			await shopify.release(id, handle);
		} catch (error) {
			return { error };
		}
		held.splice(held.indexOf(id), 1);
		note('release', true, { detail: id });
	}
	return null;
}

/** What every self-service flow reports, whichever change it makes (each adds where its systems stand). */
export interface RunResult {
	outcome: 'applied' | 'approval' | 'refused' | 'failed';
	/** The decision to show: the one given, or what replaced it when the warehouse or Shopify overtook it. */
	decision: Decision;
	steps: StepRecord[];
	/** Our hold is still on these fulfillment orders (failed: a person takes it from here). */
	heldFulfillmentOrders: string[];
	failedStep: ChangeStep | null;
	/** The failure in words, for the case. */
	error: string | null;
}

/**
 * One run of a flow: its steps, the fulfillment orders our hold is on, and the three ways it ends that every flow
 * shares: a result carrying where each system stands (`standing`, read when the run ends), a failure noted at its
 * step (worded after `split`, the half-done state a person must hear about first), and a race lost before anything
 * changed (our hold comes off again and the request is what the news makes it).
 */
export function startRun<R extends RunResult>(
	input: { decision: Decision; handle: string },
	deps: { shopify: HoldingShopify; now: () => Date },
	standing: () => Omit<R, keyof RunResult>,
	split: () => string = () => '',
) {
	const steps: StepRecord[] = [];
	const held: string[] = [];
	const note: Note = (step, ok, extra = {}) => steps.push({ step, at: deps.now().toISOString(), ok, ...extra });
	const result = (outcome: RunResult['outcome'], extra: Partial<R> = {}): R =>
		({
			outcome,
			decision: input.decision,
			steps,
			heldFulfillmentOrders: [...held],
			failedStep: null,
			error: null,
			...standing(),
			...extra,
		}) as R;
	const fail = (step: ChangeStep, error: unknown, extra: Partial<R> = {}): R => {
		const detail = message(error);
		note(step, false, { detail });
		return result('failed', { failedStep: step, error: `${split()}${detail}`, ...extra } as Partial<R>);
	};
	const lostRace = async (decision: Decision): Promise<R> => {
		const failed = await releaseAll(deps.shopify, input.handle, held, note);
		if (failed) return fail('release', failed.error, { decision } as Partial<R>);
		return result(decision.outcome === 'refuse' ? 'refused' : 'approval', { decision } as Partial<R>);
	};
	return { steps, held, note, result, fail, lostRace };
}
