/**
 * The simulated Airtable base (test/sandbox/vendors/airtable.ts, which documents the API it follows)
 * behind nock, for tests that run the ledger in-process against https://api.airtable.com.
 * The e2e suites serve the same base over real HTTP (AirtableSim).
 */
import nock from 'nock';

import { AirtableBase, type AirtableBaseOptions } from '../../sandbox/vendors/airtable';

export const FAKE_ENDPOINT = 'https://api.airtable.com';

export type FakeOptions = AirtableBaseOptions;

export class AirtableFake extends AirtableBase {
	private scope: nock.Scope | null = null;

	install(): this {
		// nock calls the reply function with its own `this` (the intercepted request)
		const answer = this.answer.bind(this);
		const handler = (method: string) =>
			function (this: { req: { headers: Record<string, string | string[]> } }, uri: string, body: unknown) {
				return answer(method, uri, body, this.req.headers);
			};
		this.scope = nock(FAKE_ENDPOINT)
			.persist()
			.intercept(/^\/v0\//, 'GET')
			.reply(handler('GET'))
			.intercept(/^\/v0\//, 'POST')
			.reply(handler('POST'))
			.intercept(/^\/v0\//, 'PATCH')
			.reply(handler('PATCH'));
		return this;
	}

	uninstall(): void {
		this.scope?.persist(false);
		nock.cleanAll();
	}
}
