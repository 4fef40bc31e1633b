import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { ValidationError } from '../../http';

/** Who the event is about: at least one identifier, as Klaviyo requires. */
export interface ProfileIdentity {
	email?: string | null;
	phoneNumber?: string | null;
	externalId?: string | null;
}

export interface ProfileAttributes extends ProfileIdentity {
	firstName?: string | null;
	lastName?: string | null;
	locale?: string | null;
	properties?: Record<string, unknown> | null;
}

export interface EventInput {
	metric: string;
	profile: ProfileAttributes;
	properties?: Record<string, unknown>;
	value?: number | null;
	valueCurrency?: string | null;
	/** ISO 8601; when absent Klaviyo stamps the time it receives the event. */
	time?: string | null;
	/** Set it to dedupe on your own key; otherwise one is derived from the event's content. */
	uniqueId?: string | null;
}

/** E.164 is what Klaviyo accepts for phone_number. */
const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function clean(value: string | null | undefined): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function validateIdentity(profile: ProfileIdentity, fieldPrefix = 'profile'): void {
	const email = clean(profile.email);
	const phone = clean(profile.phoneNumber);
	const externalId = clean(profile.externalId);
	if (!email && !phone && !externalId)
		throw new ValidationError(
			`No profile identifier: Klaviyo needs an email, a phone number or an external ID to know who the event is about`,
			`${fieldPrefix}.email`,
			'Map the customer email (or phone in E.164 form like +15005550006, or your external customer ID) into the ' +
				'Profile fields.',
		);
	if (email && !EMAIL.test(email))
		throw new ValidationError(
			`"${email}" is not an email address`,
			`${fieldPrefix}.email`,
			'Fix the email, or leave it empty and identify the profile by phone or external ID.',
		);
	if (phone && !E164.test(phone))
		throw new ValidationError(
			`"${phone}" is not a phone number in E.164 form`,
			`${fieldPrefix}.phoneNumber`,
			'Klaviyo accepts phone numbers like +15005550006 (plus sign, country code, number, no spaces).',
		);
}

function profileAttributes(profile: ProfileAttributes): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const set = (key: string, value: string | null | undefined) => {
		const v = clean(value);
		if (v !== undefined) out[key] = v;
	};
	set('email', profile.email);
	set('phone_number', profile.phoneNumber);
	set('external_id', profile.externalId);
	set('first_name', profile.firstName);
	set('last_name', profile.lastName);
	set('locale', normaliseLocale(profile.locale));
	if (profile.properties && Object.keys(profile.properties).length) out.properties = profile.properties;
	return out;
}

/** Shopify sends 'en', 'fr-CA', 'pt_BR': Klaviyo flows branch on IETF tags like 'pt-BR'. */
export function normaliseLocale(locale: string | null | undefined): string | undefined {
	const v = clean(locale);
	if (!v) return undefined;
	const [language, region] = v.replace('_', '-').split('-');
	return region ? `${language.toLowerCase()}-${region.toUpperCase()}` : language.toLowerCase();
}

function normaliseTime(time: string | null | undefined, field: string): string | undefined {
	const v = clean(time);
	if (!v) return undefined;
	const parsed = DateTime.fromISO(v, { setZone: true });
	if (!parsed.isValid)
		throw new ValidationError(
			`"${v}" is not an ISO 8601 date-time`,
			field,
			'Use a date-time like 2026-11-21T14:03:00+01:00, or leave it empty to use the time Klaviyo receives the event.',
		);
	return parsed.toISO({ suppressMilliseconds: true }) ?? undefined;
}

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value as object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value ?? null);
}

/**
 * The same event content always yields the same unique_id, so a retried execution (or the same item
 * run twice) is deduplicated by Klaviyo and the customer gets one email, not two. Time takes part only
 * when the user gave one: otherwise a retry would differ by its timestamp.
 */
export function deriveUniqueId(input: EventInput): string {
	const identity = {
		e: clean(input.profile.email)?.toLowerCase(),
		p: clean(input.profile.phoneNumber),
		x: clean(input.profile.externalId),
	};
	const digest = createHash('sha256')
		.update(
			canonicalJson([
				input.metric.trim(),
				identity,
				input.properties ?? {},
				input.value ?? null,
				clean(input.time) ?? null,
			]),
		)
		.digest('hex');
	return `evt_${digest.slice(0, 40)}`;
}

/** The unique_id an event is sent with: the caller's, or one derived from its content. */
export function uniqueIdOf(input: EventInput): string {
	return clean(input.uniqueId) ?? deriveUniqueId(input);
}

export interface EventAttributes {
	properties: Record<string, unknown>;
	metric: { data: { type: 'metric'; attributes: { name: string } } };
	unique_id: string;
	time?: string;
	value?: number;
	value_currency?: string;
	profile?: { data: { type: 'profile'; attributes: Record<string, unknown> } };
}

function eventAttributes(input: EventInput, field: string): EventAttributes {
	if (!clean(input.metric))
		throw new ValidationError(
			'The metric name is empty',
			`${field}.metric`,
			'Give the event a metric name such as "Order Shipped": Klaviyo flows trigger on it.',
		);
	if (input.value !== undefined && input.value !== null && !Number.isFinite(input.value))
		throw new ValidationError(
			`value "${String(input.value)}" is not a number`,
			`${field}.value`,
			'Use a plain number like 49.95 or leave it empty.',
		);
	const attributes: EventAttributes = {
		properties: input.properties ?? {},
		metric: { data: { type: 'metric', attributes: { name: input.metric.trim() } } },
		unique_id: uniqueIdOf(input),
	};
	const time = normaliseTime(input.time, `${field}.time`);
	if (time) attributes.time = time;
	if (input.value !== undefined && input.value !== null) attributes.value = input.value;
	const currency = clean(input.valueCurrency);
	if (currency) attributes.value_currency = currency;
	return attributes;
}

/** POST /api/events body (EventCreateQueryV2). */
export function buildCreateEventBody(input: EventInput) {
	validateIdentity(input.profile);
	const attributes = {
		...eventAttributes(input, 'event'),
		profile: { data: { type: 'profile' as const, attributes: profileAttributes(input.profile) } },
	};
	return { data: { type: 'event' as const, attributes } };
}

/** "Accepts up to 1,000 events per request" (bulk_create_events). */
export const KLAVIYO_BULK_MAX_EVENTS = 1000;

function identityKey(profile: ProfileIdentity): string {
	return JSON.stringify([
		clean(profile.email)?.toLowerCase() ?? null,
		clean(profile.phoneNumber) ?? null,
		clean(profile.externalId) ?? null,
	]);
}

/**
 * POST /api/event-bulk-create-jobs body (EventsBulkCreateJob): events grouped by profile, at most
 * 1,000 events. Validation errors name the index of the offending event.
 */
export function buildBulkCreateBody(events: EventInput[]) {
	if (events.length > KLAVIYO_BULK_MAX_EVENTS)
		throw new RangeError(`Klaviyo accepts at most ${KLAVIYO_BULK_MAX_EVENTS} events per bulk request`);
	const groups = new Map<
		string,
		{ profile: ProfileAttributes; events: Array<{ type: 'event'; attributes: EventAttributes }> }
	>();
	events.forEach((input, index) => {
		validateIdentity(input.profile, `events[${index}].profile`);
		const key = identityKey(input.profile);
		const group = groups.get(key) ?? { profile: input.profile, events: [] };
		group.events.push({ type: 'event', attributes: eventAttributes(input, `events[${index}]`) });
		groups.set(key, group);
	});
	return {
		data: {
			type: 'event-bulk-create-job',
			attributes: {
				'events-bulk-create': {
					data: [...groups.values()].map((group) => ({
						type: 'event-bulk-create',
						attributes: {
							profile: { data: { type: 'profile', attributes: profileAttributes(group.profile) } },
							events: { data: group.events },
						},
					})),
				},
			},
		},
	};
}

/** POST /api/profile-import body (ProfileUpsertQuery): creates or updates, locale included. */
export function buildProfileUpsertBody(profile: ProfileAttributes) {
	validateIdentity(profile);
	return { data: { type: 'profile', attributes: profileAttributes(profile) } };
}

/** A JSON parameter as typed on the canvas (string) or mapped by expression (object). */
export function parseJsonObject(value: unknown, field: string): Record<string, unknown> {
	if (value === undefined || value === null || value === '') return {};
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new ValidationError(
				`${field} is not valid JSON: ${(error as Error).message}`,
				field,
				'Write an object like {"OrderId": "1001"}, or map one with an expression.',
			);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new ValidationError(
			`${field} must be a JSON object, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}`,
			field,
			'Wrap the values in an object: {"Key": "value"}.',
		);
	return parsed as Record<string, unknown>;
}

/** The optional numeric value: empty means "no value", anything else must be a number. */
export function parseOptionalNumber(value: unknown, field: string): number | null {
	if (value === undefined || value === null || value === '') return null;
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(n))
		throw new ValidationError(
			`${field} "${String(value)}" is not a number`,
			field,
			'Use a plain number like 49.95, or leave it empty.',
		);
	return n;
}
