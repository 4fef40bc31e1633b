import { HttpError, type HttpRequest, type HttpResponse, type Transport } from '../../http';

export interface IssuedToken {
	accessToken: string;
}

/**
 * One OAuth token per execution, shared by every item and every batch of that execution. Created by
 * the node at the start of a run and dropped at its end, so nothing outlives the execution (queue-mode
 * workers keep no state). Concurrent callers share one token request.
 */
export class ExecutionTokenCache {
	private current?: Promise<IssuedToken>;
	/** How many tokens this execution requested: tests and the bench read it. */
	issued = 0;

	constructor(private readonly requestToken: () => Promise<IssuedToken>) {}

	get(): Promise<IssuedToken> {
		if (!this.current) {
			this.issued += 1;
			this.current = this.requestToken().catch((error) => {
				this.current = undefined;
				throw error;
			});
		}
		return this.current;
	}

	/** Forget `stale` only if it is still the current one, so ten parallel 401s cause one refresh. */
	async invalidate(stale: IssuedToken): Promise<void> {
		const current = this.current ? await this.current.catch(() => undefined) : undefined;
		if (current === stale || current?.accessToken === stale.accessToken) this.current = undefined;
	}
}

/**
 * Sends with the execution's bearer token; on 401 (token expired mid-run, or revoked) it fetches a
 * fresh token ONCE and retries; a second 401 becomes a clear error instead of a refresh loop.
 */
export async function sendWithBearer(
	transport: Transport,
	tokens: ExecutionTokenCache,
	request: HttpRequest,
	carrierName: string,
	/** The product the app needs, named in the second-401 hint. */
	apiName = 'Tracking API',
): Promise<HttpResponse> {
	const first = await tokens.get();
	const response = await transport(authorised(request, first.accessToken));
	if (response.status !== 401) return response;
	await tokens.invalidate(first);
	const fresh = await tokens.get();
	const retried = await transport(authorised(request, fresh.accessToken));
	if (retried.status !== 401) return retried;
	throw new HttpError(
		retried,
		request,
		`${carrierName} rejected a freshly issued access token (401 twice in a row)`,
		`${carrierName} issues tokens for this client ID but refuses them for this request: check that the app in the ` +
			`${carrierName} developer portal has the ${apiName} enabled and that the credential's base URL matches the ` +
			`environment (sandbox or production) the app belongs to.`,
	);
}

function authorised(request: HttpRequest, accessToken: string): HttpRequest {
	return { ...request, headers: { ...request.headers, authorization: `Bearer ${accessToken}` } };
}

/** Token endpoint answered, but not with a token: say which credential field to check. */
export function tokenError(response: HttpResponse, request: HttpRequest, carrierName: string): HttpError {
	return new HttpError(
		response,
		request,
		undefined,
		response.status === 401 || response.status === 400
			? `${carrierName} refused the client ID / client secret: copy both again from the ${carrierName} developer ` +
				`portal into the credential, and check the base URL (sandbox and production have different apps).`
			: undefined,
	);
}
