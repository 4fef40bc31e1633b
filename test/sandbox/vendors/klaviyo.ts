/**
 * Simulated Klaviyo (revision pinned by nodes/lib/connectors/klaviyo/revision.ts): POST /api/events,
 * POST /api/event-bulk-create-jobs, POST /api/profile-import, GET /api/accounts. Faithful to the
 * contract (events.json / profiles.json, checked by test/contract/klaviyo) and to the limits: fixed
 * 1 s burst and 60 s steady windows per endpoint, RateLimit-Limit/-Remaining/-Reset on every non-429
 * answer, 429 + Retry-After past either window. A 400 names the bad property (detail + source.pointer).
 * Events with a unique_id already seen for the same metric and profile are absorbed, as Klaviyo does,
 * so a retried execution never produces a second email. Clock injectable for the bench.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { SimRequest, SimResponse, VendorSim } from '../http';
import { KLAVIYO_REVISION } from '../../../nodes/lib/connectors/klaviyo/revision';
import { WindowQuota } from './carrierScenarios';

export interface KlaviyoSimOptions {
	apiKey?: string;
	now?: () => number;
	record?: boolean;
	/** Override a limit (tests use small ones); defaults are Klaviyo's published ones. */
	limits?: Partial<Record<EndpointKey, { burstPerSecond: number; steadyPerMinute: number }>>;
}

type EndpointKey = 'events' | 'bulk' | 'profiles' | 'accounts';
const DEFAULT_LIMITS: Record<EndpointKey, { burstPerSecond: number; steadyPerMinute: number }> = {
	events: { burstPerSecond: 350, steadyPerMinute: 3500 },
	bulk: { burstPerSecond: 10, steadyPerMinute: 150 },
	profiles: { burstPerSecond: 75, steadyPerMinute: 750 },
	accounts: { burstPerSecond: 1, steadyPerMinute: 15 },
};

export interface AcceptedEvent {
	metric: string;
	profile: Record<string, unknown>;
	uniqueId: string | null;
	properties: Record<string, unknown>;
	time?: string;
	value?: number;
	receivedAt: number;
}

export interface KlaviyoRecordedCall {
	method: string;
	path: string;
	headers: Record<string, string>;
	json?: unknown;
	status: number;
	at: number;
}

interface ApiError {
	detail: string;
	pointer: string;
	code?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

function errorBody(status: number, errors: ApiError[], title = 'Invalid input.') {
	return {
		errors: errors.map((e) => ({
			id: randomUUID(),
			status,
			code: e.code ?? 'invalid',
			title,
			detail: e.detail,
			source: { pointer: e.pointer },
		})),
	};
}

function validateProfile(profile: unknown, pointer: string): ApiError[] {
	const p = profile as { data?: { type?: string; id?: string; attributes?: Record<string, unknown> } } | undefined;
	if (p?.data?.type !== 'profile') return [{ detail: `'type' must be 'profile'.`, pointer: `${pointer}/data/type` }];
	const a = p.data.attributes ?? {};
	const errors: ApiError[] = [];
	if (!a.email && !a.phone_number && !a.external_id && !a.anonymous_id && !a._kx && !p.data.id)
		errors.push({
			detail: 'At least one profile identifier (email, phone_number, external_id, anonymous_id or id) is required.',
			pointer: `${pointer}/data/attributes`,
		});
	if (a.email !== undefined && a.email !== null && (typeof a.email !== 'string' || !EMAIL.test(a.email)))
		errors.push({
			detail: `Invalid email address: '${String(a.email)}'.`,
			pointer: `${pointer}/data/attributes/email`,
		});
	if (
		a.phone_number !== undefined &&
		a.phone_number !== null &&
		(typeof a.phone_number !== 'string' || !E164.test(a.phone_number))
	)
		errors.push({
			detail: `Invalid phone number format (Example of a valid format: +13239169023).`,
			pointer: `${pointer}/data/attributes/phone_number`,
		});
	return errors;
}

function validateEventAttributes(attributes: Record<string, unknown> | undefined, pointer: string): ApiError[] {
	if (!attributes) return [{ detail: `'attributes' is a required property.`, pointer }];
	const errors: ApiError[] = [];
	const name = (attributes.metric as { data?: { attributes?: { name?: unknown } } })?.data?.attributes?.name;
	if (typeof name !== 'string' || name.trim() === '')
		errors.push({ detail: `'name' is a required property.`, pointer: `${pointer}/metric/data/attributes/name` });
	if (!attributes.properties || typeof attributes.properties !== 'object' || Array.isArray(attributes.properties))
		errors.push({ detail: `'properties' must be an object.`, pointer: `${pointer}/properties` });
	if (
		attributes.time !== undefined &&
		attributes.time !== null &&
		(typeof attributes.time !== 'string' || !DateTime.fromISO(attributes.time).isValid)
	)
		errors.push({ detail: `'${String(attributes.time)}' is not a valid datetime.`, pointer: `${pointer}/time` });
	if (attributes.value !== undefined && attributes.value !== null && typeof attributes.value !== 'number')
		errors.push({ detail: `'value' must be a number.`, pointer: `${pointer}/value` });
	return errors;
}

function profileKey(attributes: Record<string, unknown>): string {
	return String(
		attributes.email ?? attributes.phone_number ?? attributes.external_id ?? attributes.anonymous_id ?? '',
	).toLowerCase();
}

export class KlaviyoSim implements VendorSim {
	readonly name = 'klaviyo';
	readonly #calls: KlaviyoRecordedCall[] = [];
	readonly #accepted: AcceptedEvent[] = [];
	#duplicates = 0;
	#throttled = 0;
	readonly #profiles = new Map<string, { id: string; attributes: Record<string, unknown> }>();
	private readonly seen = new Set<string>();
	private readonly windows = new Map<EndpointKey, { burst: WindowQuota; steady: WindowQuota }>();
	private readonly now: () => number;

	constructor(private readonly options: KlaviyoSimOptions = {}) {
		this.now = options.now ?? (() => Date.now());
	}

	/* ----- public interface: what the tests may see (everything changes only through the API) ----- */

	/** Every call answered (unless constructed with record: false), oldest first. */
	get calls(): readonly KlaviyoRecordedCall[] {
		return this.#calls;
	}

	/** Events Klaviyo accepted: one per metric, profile and unique_id. */
	get accepted(): ReadonlyArray<Readonly<AcceptedEvent>> {
		return this.#accepted;
	}

	/** Events Klaviyo absorbed because their unique_id was already seen. */
	get duplicates(): number {
		return this.#duplicates;
	}

	/** Requests answered 429. */
	get throttled(): number {
		return this.#throttled;
	}

	/** Profiles by their identifying key (email, phone, external id), as profile-import left them. */
	get profiles(): ReadonlyMap<string, Readonly<{ id: string; attributes: Record<string, unknown> }>> {
		return this.#profiles;
	}

	private quota(key: EndpointKey) {
		let w = this.windows.get(key);
		if (!w) {
			const limits = this.options.limits?.[key] ?? DEFAULT_LIMITS[key];
			w = {
				burst: new WindowQuota(limits.burstPerSecond, 1000, this.now),
				steady: new WindowQuota(limits.steadyPerMinute, 60_000, this.now),
			};
			this.windows.set(key, w);
		}
		return w;
	}

	handle(request: SimRequest): SimResponse | undefined {
		const response = this.route(request);
		if (response && this.options.record !== false)
			this.#calls.push({
				method: request.method,
				path: request.path,
				headers: request.headers,
				json: request.json,
				status: response.status,
				at: this.now(),
			});
		return response;
	}

	private route(request: SimRequest): SimResponse | undefined {
		const path = request.path.replace(/\/+$/, '');
		const key: EndpointKey | undefined =
			request.method === 'POST' && path === '/api/events'
				? 'events'
				: request.method === 'POST' && path === '/api/event-bulk-create-jobs'
					? 'bulk'
					: request.method === 'POST' && path === '/api/profile-import'
						? 'profiles'
						: request.method === 'GET' && path === '/api/accounts'
							? 'accounts'
							: undefined;
		if (!key) return undefined;
		if (request.headers.authorization !== `Klaviyo-API-Key ${this.options.apiKey ?? 'pk_test'}`)
			return {
				status: 401,
				headers: { 'content-type': 'application/vnd.api+json' },
				body: errorBody(
					401,
					[{ detail: 'Incorrect authentication credentials.', pointer: '/data/', code: 'not_authenticated' }],
					'Authentication credentials were not provided.',
				),
			};
		if (!request.headers.revision || !/^\d{4}-\d{2}-\d{2}(\.\w+)?$/.test(request.headers.revision))
			return {
				status: 400,
				body: errorBody(400, [
					{
						detail: `Missing or invalid 'revision' header (expected e.g. ${KLAVIYO_REVISION}).`,
						pointer: '/data/',
						code: 'invalid_revision',
					},
				]),
			};

		const { burst, steady } = this.quota(key);
		const b = burst.take();
		if (!b.ok) return this.throttle(b.retryAfterSeconds);
		const s = steady.take();
		if (!s.ok) return this.throttle(s.retryAfterSeconds);
		const headers = {
			'content-type': 'application/vnd.api+json',
			'ratelimit-limit': String(steady.limit),
			'ratelimit-remaining': String(s.remaining),
			'ratelimit-reset': String(Math.max(1, Math.ceil(s.resetMs / 1000))),
		};
		if (key !== 'accounts' && !/application\/(vnd\.api\+)?json/.test(request.headers['content-type'] ?? ''))
			return {
				status: 415,
				headers,
				body: errorBody(415, [{ detail: 'Unsupported media type: use application/vnd.api+json.', pointer: '/data/' }]),
			};
		const answer =
			key === 'events'
				? this.createEvent(request.json)
				: key === 'bulk'
					? this.bulk(request.json)
					: key === 'profiles'
						? this.profileImport(request.json)
						: this.accounts();
		return { ...answer, headers: { ...headers, ...(answer.headers ?? {}) } };
	}

	private throttle(retryAfterSeconds: number): SimResponse {
		this.#throttled += 1;
		return {
			status: 429,
			headers: { 'content-type': 'application/vnd.api+json', 'retry-after': String(retryAfterSeconds) },
			body: errorBody(
				429,
				[
					{
						detail:
							`Request was throttled. Expected available in ${retryAfterSeconds} ` +
							`second${retryAfterSeconds === 1 ? '' : 's'}.`,
						pointer: '/data/',
						code: 'throttled',
					},
				],
				'Request was throttled.',
			),
		};
	}

	private accept(attributes: Record<string, unknown>, profile: Record<string, unknown>): void {
		const metric = String((attributes.metric as { data: { attributes: { name: string } } }).data.attributes.name);
		const uniqueId = typeof attributes.unique_id === 'string' ? attributes.unique_id : null;
		const dedupeKey = uniqueId ? `${metric}|${profileKey(profile)}|${uniqueId}` : undefined;
		if (dedupeKey && this.seen.has(dedupeKey)) {
			this.#duplicates += 1;
			return;
		}
		if (dedupeKey) this.seen.add(dedupeKey);
		this.#accepted.push({
			metric,
			profile,
			uniqueId,
			properties: attributes.properties as Record<string, unknown>,
			time: attributes.time as string | undefined,
			value: attributes.value as number | undefined,
			receivedAt: this.now(),
		});
	}

	private createEvent(body: unknown): SimResponse {
		const data = (body as { data?: { type?: string; attributes?: Record<string, unknown> } })?.data;
		if (data?.type !== 'event')
			return { status: 400, body: errorBody(400, [{ detail: `'type' must be 'event'.`, pointer: '/data/type' }]) };
		const errors = [
			...validateEventAttributes(data.attributes, '/data/attributes'),
			...validateProfile(data.attributes?.profile, '/data/attributes/profile'),
		];
		if (errors.length) return { status: 400, body: errorBody(400, errors) };
		const profile = (data.attributes!.profile as { data: { attributes: Record<string, unknown> } }).data.attributes;
		this.accept(data.attributes!, profile);
		return { status: 202, body: '' };
	}

	private bulk(body: unknown): SimResponse {
		const data = (body as { data?: { type?: string; attributes?: Record<string, { data?: unknown[] }> } })?.data;
		if (data?.type !== 'event-bulk-create-job')
			return {
				status: 400,
				body: errorBody(400, [{ detail: `'type' must be 'event-bulk-create-job'.`, pointer: '/data/type' }]),
			};
		const entries = (data.attributes?.['events-bulk-create']?.data ?? []) as Array<{
			attributes?: { profile?: unknown; events?: { data?: Array<{ attributes?: Record<string, unknown> }> } };
		}>;
		const total = entries.reduce((n, e) => n + (e.attributes?.events?.data?.length ?? 0), 0);
		if (total === 0 || total > 1000)
			return {
				status: 400,
				body: errorBody(400, [
					{
						detail: `A bulk create job takes 1 to 1000 events; got ${total}.`,
						pointer: '/data/attributes/events-bulk-create/data',
					},
				]),
			};
		const errors: ApiError[] = [];
		entries.forEach((entry, i) => {
			const base = `/data/attributes/events-bulk-create/data/${i}/attributes`;
			errors.push(...validateProfile(entry.attributes?.profile, `${base}/profile`));
			(entry.attributes?.events?.data ?? []).forEach((event, j) =>
				errors.push(...validateEventAttributes(event.attributes, `${base}/events/data/${j}/attributes`)),
			);
		});
		if (errors.length) return { status: 400, body: errorBody(400, errors) };
		for (const entry of entries) {
			const profile = (entry.attributes!.profile as { data: { attributes: Record<string, unknown> } }).data.attributes;
			for (const event of entry.attributes!.events!.data!) this.accept(event.attributes!, profile);
		}
		return { status: 202, body: '' };
	}

	private profileImport(body: unknown): SimResponse {
		const errors = validateProfile(body, '');
		if (errors.length) return { status: 400, body: errorBody(400, errors) };
		const attributes = (body as { data: { attributes: Record<string, unknown> } }).data.attributes;
		const key = profileKey(attributes);
		const existing = this.#profiles.get(key);
		const now = DateTime.fromMillis(this.now(), { zone: 'utc' }).toISO({ suppressMilliseconds: true })!;
		const profile = existing ?? {
			id: `01K${randomUUID().replace(/-/g, '').slice(0, 23).toUpperCase()}`,
			attributes: { created: now },
		};
		profile.attributes = { ...profile.attributes, ...attributes, updated: now };
		this.#profiles.set(key, profile);
		return {
			status: existing ? 200 : 201,
			body: {
				data: {
					type: 'profile',
					id: profile.id,
					attributes: profile.attributes,
					links: { self: `https://a.klaviyo.com/api/profiles/${profile.id}/` },
				},
				links: { self: 'https://a.klaviyo.com/api/profile-import' },
			},
		};
	}

	private accounts(): SimResponse {
		return {
			status: 200,
			body: {
				data: [
					{
						type: 'account',
						id: 'AbC123',
						attributes: {
							test_account: true,
							contact_information: {
								default_sender_name: 'Sandbox Store',
								default_sender_email: 'ops@example.com',
								website_url: 'https://example.com',
								organization_name: 'Sandbox Store',
								street_address: {
									address1: '1 Main St',
									address2: '',
									city: 'Boston',
									region: 'MA',
									country: 'US',
									zip: '02110',
								},
							},
							industry: 'Ecommerce',
							timezone: 'America/New_York',
							preferred_currency: 'USD',
							public_api_key: 'AbC123',
							locale: 'en-US',
						},
						links: { self: 'https://a.klaviyo.com/api/accounts/AbC123/' },
					},
				],
				links: { self: 'https://a.klaviyo.com/api/accounts/' },
			},
		};
	}
}

export function createKlaviyoSim(options: KlaviyoSimOptions = {}): KlaviyoSim {
	return new KlaviyoSim(options);
}
