/**
 * Simulated Extensiv 3PL Warehouse Manager (3PL Central) REST API, mounted under /extensiv/.
 *
 * DOCUMENTATION-DERIVED: Extensiv publishes no machine-readable spec. Shapes follow its public rel
 * documentation (api.3plcentral.com/rels/orders/orders, /order, /canceler; AuthServer token):
 * HAL+JSON with `totalResults` and `_embedded["http://api.3plCentral.com/rels/orders/order"]`,
 * Order.Models.Order with ReadOnly (OrderId, Status 0/1/2, IsClosed, FullyAllocated, PickStarted,
 * PickDoneDate, PackDoneDate, Packages), ETag on GET /orders/{id}, If-Match required by the canceler.
 */
import type { SimRequest, SimResponse, VendorSim } from '../http';
import { CITIES, SKUS, SimKit, type SimKitView, seededRandom } from './kit';

type Json = Record<string, unknown>;
export const EXTENSIV_ORDER_REL = 'http://api.3plCentral.com/rels/orders/order';
export const EXTENSIV_ITEM_REL = 'http://api.3plCentral.com/rels/orders/item';

export interface ExtensivSimOptions {
	seed?: number;
	orders?: number;
	clientId?: string;
	clientSecret?: string;
	now?: () => number;
	firstOrderNumber?: number;
}

const STAGES = ['allocated', 'unallocated', 'pickStarted', 'pickDone', 'packDone', 'closed', 'canceled'] as const;

export class ExtensivSim implements VendorSim {
	readonly name = 'extensiv';
	private readonly recorder: SimKit;
	readonly #orders: Json[] = [];
	private readonly versions = new Map<number, number>();
	private readonly tokens = new Set<string>();
	constructor(private readonly options: ExtensivSimOptions = {}) {
		this.recorder = new SimKit(options.now ?? (() => Date.now()));
		this.generate();
	}

	/* ----- public interface: what the tests may see and do (this brand's world does not use Extensiv) ----- */

	/** The recorded requests, and failure injection for the next ones. */
	get kit(): SimKitView {
		return this.recorder;
	}

	/** The orders as Extensiv holds them now (Order.Models.Order); change them through the API. */
	get orders(): ReadonlyArray<Readonly<Json>> {
		return this.#orders;
	}

	/**
	 * The warehouse starts picking the order now (between two calls of a test): ReadOnly.PickStarted, with the
	 * stock allocated; the order's version (its ETag) moves on, as any change does.
	 */
	startPicking(orderNumber: string): void {
		const order = this.#orders.find((o) => o.referenceNum === orderNumber);
		if (!order) throw new Error(`extensiv sim: no order ${orderNumber}`);
		const ro = order.readOnly as Json;
		ro.fullyAllocated = true;
		ro.pickStarted = true;
		ro.lastModifiedDate = new Date(this.recorder.now()).toISOString();
		const id = Number(ro.orderId);
		this.versions.set(id, (this.versions.get(id) ?? 1) + 1);
	}

	private generate(): void {
		const random = seededRandom(this.options.seed ?? 17);
		const base = Date.parse('2026-01-05T15:00:00Z');
		for (let i = 0; i < (this.options.orders ?? 28); i++) {
			const orderId = 80_000 + i;
			const stage = STAGES[i % STAGES.length];
			const [city, state, zip] = CITIES[i % CITIES.length];
			const modified = new Date(base + i * 3_600_000 + 1_800_000).toISOString();
			const items = [0, 1].slice(0, 1 + Math.floor(random() * 2)).map((j) => ({
				readOnly: { orderItemId: orderId * 10 + j, fullyAllocated: stage !== 'unallocated' },
				itemIdentifier: { sku: SKUS[(i + j) % SKUS.length], id: 300 + j },
				qty: 1 + Math.floor(random() * 3),
			}));
			const closed = stage === 'closed';
			this.#orders.push({
				readOnly: {
					orderId,
					status: stage === 'canceled' ? 2 : closed ? 1 : 0,
					isClosed: closed || stage === 'canceled',
					fullyAllocated: stage !== 'unallocated',
					pickStarted: ['pickStarted', 'pickDone', 'packDone', 'closed'].includes(stage),
					pickDoneDate: ['pickDone', 'packDone', 'closed'].includes(stage) ? modified : null,
					packDoneDate: ['packDone', 'closed'].includes(stage) ? modified : null,
					processDate: closed ? modified : null,
					creationDate: new Date(base + i * 3_600_000).toISOString(),
					lastModifiedDate: modified,
					facilityIdentifier: { name: 'Reno NV', id: 1 },
					customerIdentifier: { externalId: 'DEMO', name: 'Demo Store', id: 5 },
					packages: closed
						? [
								{
									packageId: orderId * 100 + 1,
									trackingNumber: `7949${orderId}`,
									packageContents: items.map((it) => ({ orderItemId: (it.readOnly as Json).orderItemId, qty: it.qty })),
								},
							]
						: [],
				},
				referenceNum: String((this.options.firstOrderNumber ?? 1001) + i),
				shipTo: {
					companyName: null,
					name: `Customer ${1001 + i}`,
					address1: `${100 + i} Main St`,
					address2: null,
					city,
					state,
					zip,
					country: 'US',
					phoneNumber: '555-0100',
				},
				routingInfo: { carrier: 'FedEx', mode: 'FEDEX_GROUND', trackingNumber: closed ? `7949${orderId}` : null },
				_embedded: { [EXTENSIV_ITEM_REL]: items },
			});
			this.versions.set(orderId, 1);
		}
	}

	async handle(req: SimRequest): Promise<SimResponse | undefined> {
		if (req.method === 'POST' && req.path === '/AuthServer/api/Token') {
			const expected =
				'Basic ' +
				Buffer.from(`${this.options.clientId ?? 'ext-client'}:${this.options.clientSecret ?? 'ext-secret'}`).toString(
					'base64',
				);
			const body = (req.json ?? {}) as Json;
			if (req.headers.authorization !== expected || body.grant_type !== 'client_credentials')
				return this.recorder.record(req, { status: 401, body: { error: 'invalid_client' } });
			const token = `ext-token-${this.tokens.size + 1}`;
			this.tokens.add(token);
			return this.recorder.record(req, {
				status: 200,
				body: { access_token: token, token_type: 'Bearer', expires_in: 3600, refresh_token: null, scope: null },
			});
		}
		const auth = req.headers.authorization ?? '';
		if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7)))
			return this.recorder.record(req, {
				status: 401,
				body: { message: 'Authorization has been denied for this request.' },
			});
		const failure = this.recorder.takeFailure(req, Number(req.query.get('pgnum') ?? 1));
		if (failure) return this.recorder.record(req, failure);
		return this.recorder.record(req, this.route(req) ?? { status: 404, body: { message: 'not found' } });
	}

	private route(req: SimRequest): SimResponse | undefined {
		let m: RegExpMatchArray | null;
		if (req.method === 'GET' && req.path === '/orders') {
			const pgsiz = Number(req.query.get('pgsiz') ?? 100);
			const pgnum = Number(req.query.get('pgnum') ?? 1);
			if (pgsiz > 1000) return { status: 400, body: { message: 'pgsiz limit 1000' } };
			const rql = req.query.get('rql') ?? '';
			let list = this.#orders;
			const ref = /^referenceNum=="([^"]*)"$/.exec(rql);
			const since = /^readOnly\.lastModifiedDate=ge=(.+)$/.exec(rql);
			if (ref) list = list.filter((o) => o.referenceNum === ref[1]);
			else if (since)
				list = list.filter((o) => Date.parse(String((o.readOnly as Json).lastModifiedDate)) >= Date.parse(since[1]));
			else if (rql) return { status: 400, body: { message: `unsupported rql in sandbox: ${rql}` } };
			return {
				status: 200,
				headers: { 'content-type': 'application/hal+json; charset=utf-8' },
				body: {
					totalResults: list.length,
					_embedded: { [EXTENSIV_ORDER_REL]: list.slice((pgnum - 1) * pgsiz, pgnum * pgsiz) },
				},
			};
		}
		if (req.method === 'GET' && (m = req.path.match(/^\/orders\/(\d+)$/))) {
			const order = this.#orders.find((o) => String((o.readOnly as Json).orderId) === m![1]);
			if (!order) return undefined;
			return {
				status: 200,
				headers: {
					etag: `"${this.versions.get(Number(m[1]))}"`,
					'content-type': 'application/hal+json; charset=utf-8',
				},
				body: order,
			};
		}
		if (req.method === 'POST' && (m = req.path.match(/^\/orders\/(\d+)\/canceler$/))) {
			const id = Number(m[1]);
			const order = this.#orders.find((o) => (o.readOnly as Json).orderId === id);
			if (!order) return undefined;
			if (!req.headers['if-match']) return { status: 428, body: { message: 'If-Match header required' } };
			if (req.headers['if-match'] !== `"${this.versions.get(id)}"`)
				return { status: 412, body: { message: 'Precondition failed: order has changed' } };
			const ro = order.readOnly as Json;
			if (ro.status === 1) return { status: 400, body: { message: 'Closed orders cannot be canceled' } };
			ro.status = 2;
			ro.isClosed = true;
			ro.lastModifiedDate = new Date(this.recorder.now()).toISOString();
			this.versions.set(id, (this.versions.get(id) ?? 1) + 1);
			return { status: 200, headers: { etag: `"${this.versions.get(id)}"` }, body: order };
		}
		return undefined;
	}
}

export function createExtensivSim(options: ExtensivSimOptions = {}): ExtensivSim {
	return new ExtensivSim(options);
}
