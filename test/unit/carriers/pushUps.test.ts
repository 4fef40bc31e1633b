/**
 * UPS Track Alert pushes: who may push (UPSTrackAlert.yaml webhooks.TrackingEvent: security clientOauth2
 * "Oauth Token generator provide by the customer", client_secret_basic; header x-api-key "holds the
 * clientID of the OAUTH token"; v1 revisions: header "credential", "an opaque string ... Shared in
 * Subscription request") and what a push means (TrackingEventRequest, the FAQ's status types).
 */
import { PushPayloadError } from '../../../nodes/lib/connectors/carriers/push';
import {
	answerUpsTokenRequest,
	issueUpsToken,
	normaliseUpsTrackAlert,
	trackAlertStatusType,
	verifyUpsTrackAlert,
	type UpsPushAuth,
} from '../../../nodes/lib/connectors/ups/trackAlert';
import { describeIfSpec, loadOpenApi, specAt } from '../../helpers/specs';

const NOW = Date.parse('2026-12-03T02:12:41Z');
const OAUTH: UpsPushAuth = {
	scheme: 'oauth',
	clientId: 'ups-webhook-client',
	clientSecret: 'a-long-random-client-secret-0042',
};
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const form = Buffer.from('grant_type=client_credentials');

function tokenFor(nowMs = NOW, auth = OAUTH): string {
	const answer = answerUpsTokenRequest(
		{ Authorization: basic('ups-webhook-client', 'a-long-random-client-secret-0042') },
		form,
		auth,
		nowMs,
	);
	expect(answer.status).toBe(200);
	return String(answer.body.access_token);
}

describe('UPS Track Alert: the token URL UPS calls (OAuth client credentials, client_secret_basic)', () => {
	it('issues a bearer token to the registered client id and secret, never cached', () => {
		const answer = answerUpsTokenRequest(
			{ authorization: basic('ups-webhook-client', 'a-long-random-client-secret-0042') },
			form,
			OAUTH,
			NOW,
		);
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
		expect(String(answer.body.access_token)).toMatch(/^ppta\.\d+\.[A-Za-z0-9_-]+$/);
		expect(answer.headers['cache-control']).toBe('no-store');
	});

	it('refuses a wrong secret, a wrong client id and a missing Basic header with 401 invalid_client', () => {
		for (const authorization of [
			basic('ups-webhook-client', 'guess'),
			basic('someone-else', 'a-long-random-client-secret-0042'),
			undefined,
			'Bearer x',
		]) {
			const answer = answerUpsTokenRequest(authorization ? { authorization } : {}, form, OAUTH, NOW);
			expect(answer.status).toBe(401);
			expect(answer.body).toEqual({ error: 'invalid_client' });
			expect(answer.headers['www-authenticate']).toMatch(/^Basic/);
		}
	});

	it('names a missing or unsupported grant_type (RFC 6749 4.4.2: client_credentials)', () => {
		const auth = { authorization: basic('ups-webhook-client', 'a-long-random-client-secret-0042') };
		const missing = answerUpsTokenRequest(auth, Buffer.from(''), OAUTH, NOW);
		expect(missing.status).toBe(400);
		expect(missing.body.error_description).toMatch(/grant_type/);
		expect(answerUpsTokenRequest(auth, Buffer.from('grant_type=password'), OAUTH, NOW).body.error).toBe(
			'unsupported_grant_type',
		);
	});

	it('is not a token URL when the credential does not use issued tokens', () => {
		expect(
			answerUpsTokenRequest({ authorization: basic('a', 'b') }, form, { scheme: 'credential', credential: 'c' }, NOW)
				.status,
		).toBe(404);
	});
});

describe('UPS Track Alert: verifying a push', () => {
	it('accepts a token this trigger issued with x-api-key = the client id', () => {
		expect(
			verifyUpsTrackAlert(
				{ Authorization: `Bearer ${tokenFor()}`, 'x-api-key': 'ups-webhook-client' },
				OAUTH,
				NOW + 60_000,
			),
		).toEqual({ ok: true });
	});

	it('refuses a forged, altered, expired or foreign-secret token, and a missing or wrong x-api-key (401)', () => {
		const token = tokenFor();
		const [prefix, exp, sig] = token.split('.');
		const cases: Array<[Record<string, string>, number, RegExp]> = [
			[
				{ authorization: 'Bearer eyJmb3JnZWQiOnRydWV9.not-issued', 'x-api-key': 'ups-webhook-client' },
				NOW,
				/not issued/,
			],
			[
				{ authorization: `Bearer ${prefix}.${Number(exp) + 3600}.${sig}`, 'x-api-key': 'ups-webhook-client' },
				NOW,
				/not issued/,
			],
			[{ authorization: `Bearer ${token}`, 'x-api-key': 'ups-webhook-client' }, NOW + 2 * 3600_000, /expired/],
			[
				{
					authorization: `Bearer ${issueUpsToken('ups-webhook-client', 'another-secret', NOW).access_token}`,
					'x-api-key': 'ups-webhook-client',
				},
				NOW,
				/not issued/,
			],
			[{ authorization: `Bearer ${token}` }, NOW, /x-api-key/],
			[{ authorization: `Bearer ${token}`, 'x-api-key': 'someone-else' }, NOW, /x-api-key/],
			[{ 'x-api-key': 'ups-webhook-client' }, NOW, /Bearer/],
		];
		for (const [headers, now, reason] of cases) {
			const verdict = verifyUpsTrackAlert(headers, OAUTH, now);
			expect(verdict).toMatchObject({ ok: false, status: 401 });
			expect(verdict.ok ? '' : verdict.reason).toMatch(reason);
		}
	});

	it('with your own token server: exactly the configured access token', () => {
		const auth: UpsPushAuth = { scheme: 'bearer', accessToken: 'token-from-my-server', clientId: 'ups-webhook-client' };
		expect(
			verifyUpsTrackAlert(
				{ authorization: 'Bearer token-from-my-server', 'x-api-key': 'ups-webhook-client' },
				auth,
				NOW,
			),
		).toEqual({ ok: true });
		expect(
			verifyUpsTrackAlert(
				{ authorization: 'Bearer token-from-my-serveR', 'x-api-key': 'ups-webhook-client' },
				auth,
				NOW,
			).ok,
		).toBe(false);
		expect(verifyUpsTrackAlert({ authorization: 'Bearer token-from-my-server', 'x-api-key': 'x' }, auth, NOW).ok).toBe(
			false,
		);
	});

	it('v1: header "credential" must equal the subscription credential', () => {
		const auth: UpsPushAuth = { scheme: 'credential', credential: 'v1-opaque-credential-8c1f' };
		expect(verifyUpsTrackAlert({ credential: 'v1-opaque-credential-8c1f' }, auth, NOW)).toEqual({ ok: true });
		expect(verifyUpsTrackAlert({ credential: 'v1-opaque-credential-8c1' }, auth, NOW)).toMatchObject({
			ok: false,
			status: 401,
		});
		expect(verifyUpsTrackAlert({}, auth, NOW)).toMatchObject({ ok: false, status: 401 });
		expect(verifyUpsTrackAlert({ credential: '' }, { scheme: 'credential', credential: '' }, NOW)).toMatchObject({
			ok: false,
			status: 401,
		});
	});
});

describeIfSpec('ups/UPSTrackAlert.yaml')("UPS Track Alert: the spec's example pushes", () => {
	const examples = () =>
		specAt(loadOpenApi('ups/UPSTrackAlert.yaml'), [
			'webhooks',
			'TrackingEvent',
			'post',
			'requestBody',
			'content',
			'application/json',
			'examples',
		]) as Record<string, { value: unknown }>;
	const push = (body: unknown) => normaliseUpsTrackAlert(Buffer.from(JSON.stringify(body)), '2024-04-23T14:00:00Z');

	it(
		'"Out for delivery message" (type I, OT): out for delivery at 09:15:19 local = 13:15:19 GMT, scheduled ' +
			'2024-04-23',
		() => {
			const outcome = push(examples()['1'].value);
			expect(outcome.trackingNumber).toBe('1Z204W4R0308071865');
			expect(outcome.result.status).toBe('out_for_delivery');
			expect(outcome.result.events).toHaveLength(1);
			expect(Date.parse(outcome.result.events[0].at)).toBe(Date.parse('2024-04-23T13:15:19Z'));
			expect(outcome.result.estimatedDelivery).toBe('2024-04-23');
			expect(outcome.observation).toMatchObject({
				source: 'ups',
				kind: 'tracking',
				sourceId: '1Z204W4R0308071865',
				orderKey: '',
			});
			expect(outcome.observation.data.commitment).toBe('2024-04-23');
		},
	);

	it('"Delivery message" (type D, FS Delivered): delivered at 13:50:04 GMT', () => {
		const outcome = push(examples()['2'].value);
		expect(outcome.result.status).toBe('delivered');
		expect(Date.parse(outcome.result.deliveredAt!)).toBe(Date.parse('2024-04-23T13:50:04Z'));
		expect(outcome.observation.data.status).toBe('delivered');
	});
});

describe('UPS Track Alert: reading a push', () => {
	const base = {
		trackingNumber: '1ZA8V2690348150728',
		localActivityDate: '20261207',
		localActivityTime: '081500',
		activityLocation: { city: 'PHOENIX', stateProvince: 'AZ', country: 'US' },
		scheduledDeliveryDate: '20261207',
		gmtActivityDate: '20261207',
		gmtActivityTime: '151500',
		gmtOffset: '-07.00',
	};
	const read = (body: Record<string, unknown>) =>
		normaliseUpsTrackAlert(Buffer.from(JSON.stringify(body)), '2026-12-07T15:16:00Z');

	it('gmtOffset "-07.00" (the spec\'s HH.MM) places the scan at -07:00', () => {
		const outcome = read({ ...base, activityStatus: { type: 'I', code: 'AR', description: 'Arrived at Facility' } });
		expect(outcome.result.events[0].at).toBe('2026-12-07T08:15:00-07:00');
		expect(outcome.result.status).toBe('in_transit');
	});

	it(
		'type D is not a delivery unless it says delivered (FAQ: ' + 'D = loaded on vehicle, out for delivery, delivered)',
		() => {
			expect(
				read({ ...base, activityStatus: { type: 'D', code: 'OF', description: 'Out For Delivery Today' } }).result
					.status,
			).toBe('out_for_delivery');
			expect(
				read({
					...base,
					activityStatus: {
						type: 'D',
						code: 'ZP',
						description: 'Delivered to UPS Access Point™ Awaiting Customer Pickup',
					},
				}).result.status,
			).toBe('available_for_pickup');
			expect(
				read({
					...base,
					activityStatus: { type: 'D', code: 'FS', description: 'DELIVERED' },
					actualDeliveryDate: '20261207',
				}).result.status,
			).toBe('delivered');
			expect(trackAlertStatusType('X', 'Delivered', undefined)).toBe('X');
		},
	);

	it('type U (schedule updated) is not a scan: no timeline event, the new date is the estimate', () => {
		const outcome = read({
			...base,
			scheduledDeliveryDate: '20261209',
			activityStatus: { type: 'U', code: 'SD', description: 'The delivery date has been updated' },
		});
		expect(outcome.result.events).toEqual([]);
		expect(outcome.result.estimatedDelivery).toBe('2026-12-09');
		expect(outcome.meta.scheduleUpdateOnly).toBe(true);
	});

	it('keeps the fact of a delivery photo, not its megabytes', () => {
		const outcome = read({
			...base,
			activityStatus: { type: 'D', code: 'FS', description: 'Delivered' },
			deliveryPhoto: 'A'.repeat(5000),
		});
		expect(outcome.body.deliveryPhoto).toBe('[5000 base64 characters, not kept]');
		expect(outcome.warnings.join(' ')).toMatch(/deliveryPhoto/);
	});

	it('one delivery, one key: the same body twice gives the same key, another body another', () => {
		const a = read({ ...base, activityStatus: { type: 'I', code: 'AR', description: 'Arrived at Facility' } });
		const b = read({ ...base, activityStatus: { type: 'I', code: 'AR', description: 'Arrived at Facility' } });
		const c = read({
			...base,
			localActivityTime: '091500',
			gmtActivityTime: '161500',
			activityStatus: { type: 'I', code: 'DP', description: 'Departed from Facility' },
		});
		expect(a.deliveryKey).toBe(b.deliveryKey);
		expect(a.deliveryKey).not.toBe(c.deliveryKey);
		expect(a.deliveryKey).toMatch(/^ups:push:/);
	});

	it('a body without what UPS always sends is refused, naming the field', () => {
		const fieldOf = (raw: string) => {
			try {
				normaliseUpsTrackAlert(Buffer.from(raw), '2026-12-07T15:16:00Z');
			} catch (error) {
				expect(error).toBeInstanceOf(PushPayloadError);
				return (error as PushPayloadError).field;
			}
			return 'accepted';
		};
		expect(fieldOf('{not json')).toBe('body');
		expect(fieldOf('[1]')).toBe('body');
		expect(fieldOf(JSON.stringify({ ...base, trackingNumber: undefined, activityStatus: { type: 'I' } }))).toBe(
			'trackingNumber',
		);
		expect(fieldOf(JSON.stringify({ ...base, trackingNumber: 42, activityStatus: { type: 'I' } }))).toBe(
			'trackingNumber',
		);
		expect(fieldOf(JSON.stringify(base))).toBe('activityStatus');
		expect(fieldOf(JSON.stringify({ ...base, activityStatus: { code: 'AR' } }))).toBe('activityStatus.type');
		expect(fieldOf(JSON.stringify({ ...base, activityStatus: { type: 'I' }, activityLocation: 'PHOENIX' }))).toBe(
			'activityLocation',
		);
	});
});
