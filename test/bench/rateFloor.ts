/**
 * The least time the vendors' documented rate limits allow for a given number of calls (as the sandbox
 * enforces them: test/sandbox/vendors/*). The pipeline benchmark prints a sweep's time against this floor:
 * near 1x means the pipeline is bound by the vendors' limits, not by n8n or our nodes.
 *
 * Vendors are independent of each other, so the floor of a run is the largest floor of any one vendor.
 */

/** A fixed or sliding window of `limit` calls per `windowMs` (the first window's calls go at once). */
export interface WindowLimit {
	kind: 'window';
	limit: number;
	windowMs: number;
	source: string;
}

/** Shopify's leaky bucket of query cost: `bucket` points at start, `restorePerSecond` back every second. */
export interface BucketLimit {
	kind: 'bucket';
	bucket: number;
	restorePerSecond: number;
	source: string;
}

export type VendorLimit = WindowLimit | BucketLimit;

/** The limits the sandbox's sims apply by default (each the vendor's published one). */
export const SANDBOX_LIMITS: Record<string, VendorLimit> = {
	shopify: { kind: 'bucket', bucket: 2000, restorePerSecond: 100, source: 'GraphQL cost bucket 2,000, +100/s' },
	shipstation: { kind: 'window', limit: 40, windowMs: 60_000, source: '40 calls a minute per API key' },
	shipbob: { kind: 'window', limit: 150, windowMs: 60_000, source: '150 calls a minute per token' },
	ups: { kind: 'window', limit: 250, windowMs: 1000, source: '250 calls a second' },
	fedex: { kind: 'window', limit: 1400, windowMs: 10_000, source: '1,400 calls per 10 s' },
	usps: { kind: 'window', limit: 60, windowMs: 1000, source: '60 calls a second' },
	dhl: { kind: 'window', limit: 5, windowMs: 1000, source: '5 calls a second' },
	klaviyo: { kind: 'window', limit: 3500, windowMs: 60_000, source: 'events: 3,500 a minute (350/s burst)' },
};

/** Calls beyond the first window wait for the next one: ceil(calls / limit) - 1 whole windows. */
export function windowFloorMs(calls: number, limit: number, windowMs: number): number {
	if (calls <= limit) return 0;
	return (Math.ceil(calls / limit) - 1) * windowMs;
}

/** Cost beyond the full bucket comes back at the restore rate. */
export function bucketFloorMs(cost: number, bucket: number, restorePerSecond: number): number {
	return (Math.max(0, cost - bucket) / restorePerSecond) * 1000;
}

/** Slack's chat.postMessage: one message a second per channel (docs.slack.dev, "Rate limits", special limits). */
export const SLACK_MESSAGE_INTERVAL_MS = 1000;

/** The busiest channel's messages one interval apart: the first goes at once. */
export function slackFloorMs(messagesByChannel: Record<string, number>, intervalMs = SLACK_MESSAGE_INTERVAL_MS) {
	return Math.max(0, ...Object.values(messagesByChannel).map((n) => Math.max(0, n - 1) * intervalMs));
}

export interface FloorInput {
	/** Calls made, by vendor (429 answers included: a refused call still spent the window). */
	calls: Record<string, number>;
	/** Shopify's summed actual query cost over the same calls (the bucket counts cost, not calls). */
	shopifyCost?: number;
	/**
	 * Slack messages posted, by channel: Slack paces chat.postMessage per channel (about one a second), so its
	 * floor is the busiest channel's, whatever the calls to other channels.
	 */
	slackMessagesByChannel?: Record<string, number>;
}

export interface Floor {
	/** Floor of each vendor that has a modelled limit, in ms. */
	perVendor: Record<string, number>;
	/** The largest one (0 when every vendor's calls fit its first window or bucket). */
	floorMs: number;
	/** The vendor that sets it. */
	boundBy?: string;
	/** Vendors called that have no modelled limit (not part of the floor). */
	unmodelled: string[];
}

export function rateLimitFloor(input: FloorInput, limits: Record<string, VendorLimit> = SANDBOX_LIMITS): Floor {
	const perVendor: Record<string, number> = {};
	const unmodelled: string[] = [];
	for (const [vendor, calls] of Object.entries(input.calls)) {
		if (vendor === 'slack' && input.slackMessagesByChannel) {
			perVendor.slack = slackFloorMs(input.slackMessagesByChannel);
			continue;
		}
		const limit = limits[vendor];
		if (!limit) {
			unmodelled.push(vendor);
			continue;
		}
		perVendor[vendor] =
			limit.kind === 'window'
				? windowFloorMs(calls, limit.limit, limit.windowMs)
				: bucketFloorMs(input.shopifyCost ?? 0, limit.bucket, limit.restorePerSecond);
	}
	let floorMs = 0;
	let boundBy: string | undefined;
	for (const [vendor, ms] of Object.entries(perVendor))
		if (ms > floorMs) {
			floorMs = ms;
			boundBy = vendor;
		}
	return { perVendor, floorMs, boundBy, unmodelled };
}
