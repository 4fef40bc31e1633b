/**
 * The one redaction every error surface goes through (issue 15): error messages, descriptions, stacks,
 * the errorResponse n8n shows under an error, items written by "On Error: Continue", trigger items that
 * carry a failure's text, and the Slack message of a failed execution.
 *
 * What is masked, always:
 *  - the known secret values of the credential in use (as written, URL-encoded and JSON-escaped), given by
 *    the caller, who knows the credential;
 *  - userinfo in URLs (scheme://user:password@host, scheme://token@host);
 *  - paths that are themselves the secret: Slack incoming webhooks and workflow triggers
 *    (hooks.slack.com/services/..., /workflows/..., /triggers/...) and /api/webhooks/<id>/<token>;
 *  - query parameters whose name says secret (token, access_token, key, api_key, sig, signature, password,
 *    secret, client_secret, code, X-Amz-Signature, ...);
 *  - Authorization values (Bearer, Basic, Token) and vendor tokens with a known prefix (xoxb-, shpat_, sk_live_,
 *    ghp_, AKIA..., JWTs);
 *  - "key": "value" and key=value pairs whose key names a secret.
 * With `eager`, for text a person reads: any long opaque string of letters and digits (an API key without a
 * known prefix). Not for data a workflow goes on to use (an item's facts): there a 64-digit hash is a key.
 *
 * Limits: a secret shorter than MIN_SECRET_LENGTH is not masked by value (it would mask ordinary words), and
 * a secret the vendor transforms (hashed, re-encoded) before echoing it is only masked by the patterns.
 */
export const REDACTED = '[redacted]';

/** Shorter known secrets are not masked by value: "abc" would mask every "abc" in a message. */
export const MIN_SECRET_LENGTH = 5;

export interface RedactOptions {
	/** Secret values of the credential in use (API keys, tokens, passwords, webhook URLs). */
	secrets?: readonly string[];
	/** Also mask long opaque strings: for text a person reads, never for data a workflow uses. */
	eager?: boolean;
}

const SECRET_PARAM =
	/^(?:key|sig|code|auth|pwd|pass)$|token|secret|passw|signature|api[_-]?key|apikey|access[_-]?key|hmac|credential/i;

/** Every form in which a secret value can appear in text: as is, URL-encoded, JSON-escaped. */
export function secretForms(secrets: readonly string[] = []): string[] {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		forms.add(secret);
		forms.add(encodeURIComponent(secret));
		forms.add(JSON.stringify(secret).slice(1, -1));
		// A secret URL (a Slack incoming webhook) is secret by its path: quoted without the host, still masked.
		const path = /^https?:\/\//i.test(secret) ? pathOf(secret) : '';
		if (path.split('/').filter(Boolean).length >= 2) forms.add(path);
	}
	// Longest first, so a secret that contains another is masked whole.
	return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

function pathOf(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.pathname}${parsed.search}`;
	} catch {
		return '';
	}
}

/** Masks secrets in one string; `count` says how many were masked. */
export function redactText(input: string, options: RedactOptions = {}): { text: string; count: number } {
	let count = 0;
	// `keep` returns the replacement, or null to leave the match as it is (not a secret after all).
	const mask = (re: RegExp, keep: (...groups: string[]) => string | null) => (s: string) =>
		s.replace(re, (...m: string[]) => {
			const replaced = keep(...m);
			if (replaced === null || replaced === m[0]) return m[0];
			count++;
			return replaced;
		});
	let out = input;
	for (const form of secretForms(options.secrets)) {
		if (!out.includes(form)) continue;
		const parts = out.split(form);
		count += parts.length - 1;
		out = parts.join(REDACTED);
	}
	const steps = [
		// scheme://user:password@host and scheme://token@host
		mask(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@?#"'<>]+)@/gi, (_m, scheme) => `${scheme}${REDACTED}@`),
		// Paths that are the secret: Slack incoming webhooks and workflow triggers, /api/webhooks/<id>/<token>.
		mask(
			/\b(hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/)[^\s?#"'<>`]+/gi,
			(_m, prefix) => `${prefix}${REDACTED}`,
		),
		mask(/(\/api\/webhooks\/\d+\/)[^\s?#"'<>/`]+/gi, (_m, prefix) => `${prefix}${REDACTED}`),
		// ?token=...&sig=... (the name decides)
		mask(/([?&;])([\w.-]+)=([^&#\s"'<>`]*)/g, (m, sep, name, value) =>
			SECRET_PARAM.test(name) && value && value !== REDACTED ? `${sep}${name}=${REDACTED}` : m,
		),
		mask(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, (_m, scheme) => `${scheme} ${REDACTED}`),
		mask(/\bxox[abposre]-[A-Za-z0-9-]{6,}/g, () => REDACTED),
		mask(/\bxapp-[A-Za-z0-9-]{6,}/g, () => REDACTED),
		mask(/\bshp(?:at|ca|pa|ss|ua)_[A-Fa-f0-9]{16,}/g, () => REDACTED),
		mask(/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}/g, () => REDACTED),
		mask(/\bgh[pousr]_[A-Za-z0-9]{20,}/g, () => REDACTED),
		mask(/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, () => REDACTED),
		mask(/\bwhsec_[A-Za-z0-9+/=]{8,}/g, () => REDACTED),
		mask(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => REDACTED),
		// password=..., "api_key": "...", client_secret: ...
		mask(
			/(["']?\b[\w-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|signature)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&"'}]+)/gi,
			(_m, key: string, value: string) => {
				// "Authorization: Bearer [redacted]": the scheme step above already masked the value.
				if (/^(?:bearer|basic|token|\[redacted\]|["']\[redacted\]["']|["']{2})$/i.test(value)) return null;
				const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
				return `${key}${quote}${REDACTED}${quote}`;
			},
		),
	];
	if (options.eager)
		// Long opaque strings of letters and digits (API keys without a known prefix).
		steps.push(mask(/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{40,}\b/g, () => REDACTED));
	for (const step of steps) out = step(out);
	return { text: out, count };
}

/** The masked string alone. */
export function redactString(input: string, options: RedactOptions = {}): string {
	return redactText(input, options).text;
}

/** A URL fit for an error message: userinfo, secret paths and secret query values masked. */
export function redactUrl(url: string, secrets?: readonly string[]): string {
	return redactText(url, { secrets }).text;
}

/** Property names whose value is a secret whatever it looks like. */
const SECRET_KEY =
	/^(?:authorization|cookie|set-cookie|proxy-authorization)$|password|passwd|secret|token|api[_-]?key|apikey|signature|private[_-]?key|access[_-]?key/i;

/**
 * A copy of a JSON-like value with every string masked (and every value under a secret-named key replaced),
 * for items and error responses. Cycles and depth beyond 50 become "[circular]" / "[too deep]".
 */
export function redactDeep<T>(value: T, options: RedactOptions = {}): T {
	const seen = new WeakSet<object>();
	const walk = (v: unknown, depth: number): unknown => {
		if (typeof v === 'string') return redactString(v, options);
		if (v === null || typeof v !== 'object') return v;
		if (Buffer.isBuffer(v) || v instanceof Date) return v;
		if (seen.has(v)) return '[circular]';
		if (depth > 50) return '[too deep]';
		seen.add(v);
		if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
		const out: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v as Record<string, unknown>))
			out[k] = SECRET_KEY.test(k) && typeof x === 'string' && x !== '' ? REDACTED : walk(x, depth + 1);
		return out;
	};
	return walk(value, 0) as T;
}

/**
 * Masks, in place, every string an error carries: message and stack (own, non-enumerable), description,
 * errorResponse, context, cause, and whatever else hangs off it, to any depth. In place because n8n's error
 * classes keep references (the stack was written at construction, with the message as it was then).
 */
export function redactErrorInPlace(error: unknown, options: RedactOptions = {}): void {
	const seen = new WeakSet<object>();
	const visit = (target: unknown, depth: number): void => {
		if (target === null || typeof target !== 'object' || seen.has(target) || depth > 50) return;
		if (Buffer.isBuffer(target) || target instanceof Date) return;
		seen.add(target);
		const record = target as Record<string, unknown>;
		for (const key of Object.getOwnPropertyNames(target)) {
			const descriptor = Object.getOwnPropertyDescriptor(target, key);
			if (!descriptor || !('value' in descriptor) || !descriptor.writable) continue;
			const value = descriptor.value as unknown;
			if (typeof value === 'string') {
				const masked = SECRET_KEY.test(key) && value !== '' ? REDACTED : redactString(value, options);
				if (masked !== value) record[key] = masked;
			} else visit(value, depth + 1);
		}
	};
	visit(error, 0);
}
