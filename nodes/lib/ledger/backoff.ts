/**
 * When a failed event may be tried again: exponential back-off with "equal jitter" (half fixed, half
 * random). The fixed half guarantees real spacing; the random half spreads retries of many events
 * that failed together (an outage) so they do not all hit the vendor again in the same second.
 */
export function retryDelaySeconds(
	attempts: number,
	baseDelaySeconds: number,
	maxDelaySeconds: number,
	random: () => number = Math.random,
): number {
	const exponent = Math.max(0, attempts - 1);
	const ceiling = Math.min(maxDelaySeconds, baseDelaySeconds * 2 ** Math.min(exponent, 30));
	return ceiling / 2 + random() * (ceiling / 2);
}

export function addSeconds(iso: string, seconds: number): string {
	return new Date(Date.parse(iso) + Math.round(seconds * 1000)).toISOString();
}

/** An event that has used up its attempts goes to dead-letter and waits for a person (Replay). */
export function isExhausted(attempts: number, maxAttempts: number): boolean {
	return attempts >= maxAttempts;
}
