import { HttpError, ValidationError } from '../../http/errors';
import { systemClock, type Clock, type Transport } from '../../http/types';

export type ShopifyAuth =
	/**
	 * `sentByTransport`: the transport adds the token itself (n8n's httpRequestWithAuthentication with the
	 * credential's `authenticate`), so the client must not set the header a second time.
	 */
	| { mode: 'accessToken'; accessToken: string; sentByTransport?: boolean }
	| { mode: 'clientCredentials'; clientId: string; clientSecret: string };

/** Refresh a minute early so a token never expires between our check and Shopify's. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Hands out the Admin API access token. With a Dev Dashboard app it runs the client credentials grant
 * (POST /admin/oauth/access_token, grant_type=client_credentials) and caches the token for the life of
 * this object, which is one execution: nothing is kept across executions (queue-mode workers).
 */
export class ShopifyTokenSource {
	private cached?: { token: string; expiresAt: number; scope?: string };
	private pending?: Promise<string>;
	/** How many times a token was requested from Shopify (tests and the report use it). */
	exchanges = 0;

	constructor(
		private readonly auth: ShopifyAuth,
		private readonly origin: string,
		private readonly transport: Transport,
		private readonly clock: Clock = systemClock,
	) {
		if (auth.mode === 'accessToken' && !auth.accessToken?.trim()) {
			throw new ValidationError(
				'The Admin API access token is empty',
				'accessToken',
				"Paste the token that starts with shpat_ from your app's API credentials page.",
			);
		}
		if (auth.mode === 'clientCredentials' && (!auth.clientId?.trim() || !auth.clientSecret?.trim())) {
			throw new ValidationError(
				'Client ID and client secret are both required',
				auth.clientId?.trim() ? 'clientSecret' : 'clientId',
				'Copy both from the Dev Dashboard: your app > Settings.',
			);
		}
	}

	get canRefresh(): boolean {
		return this.auth.mode === 'clientCredentials';
	}

	async token(): Promise<string> {
		if (this.auth.mode === 'accessToken') return this.auth.accessToken.trim();
		if (this.cached && this.clock.now() < this.cached.expiresAt - EXPIRY_MARGIN_MS) return this.cached.token;
		// One exchange at a time even when several requests notice the expiry together.
		this.pending ??= this.exchange().finally(() => {
			this.pending = undefined;
		});
		return this.pending;
	}

	/** Called after a 401: the cached token is no longer accepted. */
	invalidate(): void {
		this.cached = undefined;
	}

	private async exchange(): Promise<string> {
		const auth = this.auth as Extract<ShopifyAuth, { mode: 'clientCredentials' }>;
		const request = {
			method: 'POST' as const,
			url: `${this.origin}/admin/oauth/access_token`,
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: auth.clientId.trim(),
				client_secret: auth.clientSecret.trim(),
			}).toString(),
			operation: 'shopify.clientCredentials',
			effect: 'read' as const,
		};
		this.exchanges += 1;
		const response = await this.transport(request);
		if (response.status < 200 || response.status >= 300) {
			throw new HttpError(
				response,
				request,
				`Shopify refused the client credentials (HTTP ${response.status})`,
				'Check the client ID and secret in the Dev Dashboard (your app > Settings), that the app is installed on ' +
					'this store, and that the store belongs to your organisation.',
			);
		}
		const body = response.body as { access_token?: string; expires_in?: number; scope?: string };
		if (!body || typeof body.access_token !== 'string' || !body.access_token) {
			throw new HttpError(response, request, 'Shopify answered the token request without an access_token');
		}
		// Shopify documents about 24 h (expires_in 86399); assume that if the field is missing.
		const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 86_399;
		this.cached = { token: body.access_token, expiresAt: this.clock.now() + lifetimeS * 1000, scope: body.scope };
		return body.access_token;
	}

	get grantedScopes(): string[] | undefined {
		return this.cached?.scope
			?.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	}
}
