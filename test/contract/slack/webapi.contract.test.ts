/**
 * Every Web API request the Slack connector sends, and every response the simulated Slack answers,
 * checked against Slack's published Web API description; every Block Kit payload against the
 * documented Block Kit limits. The scenario drives the real alert flows end to end.
 */
import { createFetchTransport, type HttpRequest, type HttpResponse, type Transport } from '../../../nodes/lib/http';
import {
	SlackClient,
	postException,
	updateException,
	postWeeklyReport,
	type SlackTarget,
} from '../../../nodes/lib/connectors/slack';
import type { LedgerStore } from '../../../nodes/lib/ledger';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createSlackSim, type SlackSim } from '../../sandbox/vendors/slack';
import { describeIfSpec } from '../../helpers/specs';
import { addCases, addSelfServiceOutcomes, openTestLedger } from '../../unit/slack/fixtures';
import { blockKitErrors } from './blockKitSchema';
import { SLACK_SPEC, documentedMethod, validateSlackRequest, validateSlackResponse } from './swagger2';
import { createVirtualClock } from '../../helpers/virtualClock';

interface Exchange {
	method: string;
	httpMethod: string;
	params: Record<string, string>;
	headers: Record<string, string>;
	status: number;
	body: unknown;
}

/** Files methods newer than the 2021 description; their arguments come from docs.slack.dev. */
const DOC_DERIVED_ARGS: Record<string, { required: string[]; optional: string[] }> = {
	'files.getUploadURLExternal': { required: ['filename', 'length'], optional: ['alt_txt', 'snippet_type'] },
	'files.completeUploadExternal': {
		required: ['files'],
		optional: ['channel_id', 'channels', 'thread_ts', 'initial_comment', 'blocks'],
	},
};

/**
 * Arguments Slack added to documented methods after the 2021 description, as docs.slack.dev lists them:
 * chat.postMessage `metadata` (a JSON string: event_type + event_payload) and conversations.replies and
 * conversations.history `include_all_metadata` (boolean). They are checked here and removed before the spec check.
 */
const DOC_DERIVED_EXTRA_ARGS: Record<string, Record<string, (value: string) => string | null>> = {
	'chat.postMessage': {
		metadata: (v) => {
			let m: { event_type?: unknown; event_payload?: unknown };
			try {
				m = JSON.parse(v);
			} catch {
				return 'metadata: not JSON';
			}
			if (typeof m.event_type !== 'string' || !/^[A-Za-z0-9_]+$/.test(m.event_type))
				return 'metadata.event_type: must be an alphanumeric string';
			if (!m.event_payload || typeof m.event_payload !== 'object' || Array.isArray(m.event_payload))
				return 'metadata.event_payload: must be an object';
			return null;
		},
	},
	'conversations.replies': {
		include_all_metadata: (v) =>
			['true', 'false', '1', '0'].includes(v) ? null : `include_all_metadata: must be a boolean, got ${v}`,
	},
	'conversations.history': {
		include_all_metadata: (v) =>
			['true', 'false', '1', '0'].includes(v) ? null : `include_all_metadata: must be a boolean, got ${v}`,
	},
};

/**
 * The one rule of the 2021 description that Slack's answers break: it requires at least one message in a
 * conversations.history answer, but a range with no messages is answered with an empty list (docs.slack.dev's
 * ConversationsHistoryResponse: `messages?: MessageElement[]`). The product reads an empty channel before it posts
 * a case's first message, so that answer is checked against every other rule.
 */
function waivedBySlack(method: string, problem: string): boolean {
	return method === 'conversations.history' && problem.startsWith('/messages must NOT have fewer than 1 items');
}

/** Checks and strips the documentation-derived extra arguments; returns what is left for the spec check. */
function splitDocDerivedArgs(
	method: string,
	params: Record<string, string>,
	problems: string[],
): Record<string, string> {
	const extra = DOC_DERIVED_EXTRA_ARGS[method] ?? {};
	const rest: Record<string, string> = {};
	for (const [k, v] of Object.entries(params)) {
		if (extra[k]) {
			const problem = extra[k](v);
			if (problem) problems.push(`${method}: ${problem}`);
		} else rest[k] = v;
	}
	return rest;
}

function recording(inner: Transport, log: Exchange[]): Transport {
	return async (req: HttpRequest): Promise<HttpResponse> => {
		const res = await inner(req);
		const url = new URL(req.url);
		const match = /\/api\/([A-Za-z.]+)$/.exec(url.pathname);
		if (match) {
			const params: Record<string, string> = {};
			for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== null) params[k] = String(v);
			if (typeof req.body === 'string') new URLSearchParams(req.body).forEach((v, k) => (params[k] = v));
			log.push({
				method: match[1],
				httpMethod: req.method,
				params,
				headers: Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
				status: res.status,
				body: res.body,
			});
		}
		return res;
	};
}

describeIfSpec(SLACK_SPEC)('Slack Web API contract', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	let ledger: LedgerStore;
	const log: Exchange[] = [];

	beforeAll(async () => {
		const clock = createVirtualClock(Date.parse('2026-11-20T12:00:00.000Z'));
		sim = createSlackSim({ now: clock.now });
		sandbox = await startSandbox([sim]);
		ledger = await openTestLedger();
		const client = new SlackClient({
			transport: recording(createFetchTransport(), log),
			token: 'xoxb-sandbox-token',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
			clock,
		});
		const target: SlackTarget = { kind: 'bot', client };
		const ids = await addCases(ledger, [
			{
				orderKey: '8001',
				type: 'tracking_missing',
				openedAt: '2026-11-19T10:00:00.000Z',
				evidence: { warehouse: 'ShipStation', shipmentId: '123', note: 'x'.repeat(5000) },
			},
			{ orderKey: '8002', type: 'delivery_failed', openedAt: '2026-11-19T11:00:00.000Z' },
		]);
		const settings = {
			routing: { defaultChannel: 'C0EXCEPTIONS', byType: { delivery_failed: 'C0SHIPPING1' } },
			includePii: false,
			shop: 'acme',
			now: '2026-11-20T12:00:00.000Z',
			threadReply: true,
		};
		await client.authTest();
		await client.conversationInfo('C0EXCEPTIONS');
		await client.listChannels({ limit: 2 });
		const posted = await postException(ledger, target, ids[0], settings);
		await postException(ledger, target, ids[0], settings);
		await ledger.acknowledgeException(ids[0], 'U024BE7LH', '2026-11-20T12:01:00.000Z');
		await updateException(ledger, target, ids[0], 'acknowledged', 'U024BE7LH', settings);
		// Run again: reads the thread back (conversations.replies) and finds the reply already there.
		await updateException(ledger, target, ids[0], 'acknowledged', 'U024BE7LH', settings);
		await client.threadMessages('C0EXCEPTIONS', '1000000000.000001').catch(() => undefined);
		await postException(ledger, target, ids[1], settings);
		sim.deleteMessage('C0SHIPPING1', sim.messagesIn('C0SHIPPING1')[0].ts);
		await postException(ledger, target, ids[1], settings);
		await client
			.deleteMessage(posted.channel!, (await client.postMessage({ channel: 'C0WAREHOUSE', text: 'temp' })).ts)
			.catch(() => undefined);
		// Documented errors, so the error schemas are exercised too.
		await client.postMessage({ channel: 'C0GENERAL01', text: 'x' }).catch(() => undefined);
		await client.postMessage({ channel: 'C0NOSUCHONE', text: 'x' }).catch(() => undefined);
		await client.updateMessage({ channel: 'C0EXCEPTIONS', ts: '1000000000.000001', text: 'x' }).catch(() => undefined);
		await client.getPermalink('C0EXCEPTIONS', '1000000000.000001').catch(() => undefined);
		await new SlackClient({
			transport: recording(createFetchTransport(), log),
			token: 'xoxb-wrong',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
			clock,
		})
			.authTest()
			.catch(() => undefined);
		// Issue 17: self-service requests in the window, so the report carries its Self-service section.
		await addSelfServiceOutcomes(ledger, [
			{
				requestId: 'req-8001',
				orderKey: '8001',
				outcome: 'applied',
				requestedAt: '2026-11-18T09:00:00.000Z',
				decidedAt: '2026-11-18T09:00:04.000Z',
				extra: { beforeShipping: true },
			},
			{
				requestId: 'req-8002',
				orderKey: '8002',
				outcome: 'approval',
				field: 'cancel',
				requestedAt: '2026-11-19T09:00:00.000Z',
				decidedAt: '2026-11-19T09:00:02.000Z',
				extra: { reasons: ['warehouse_picking'] },
			},
		]);
		await postWeeklyReport(ledger, target, {
			channel: 'C0WAREHOUSE',
			weeks: 4,
			stuckOlderThanSeconds: 3600,
			includeChart: true,
			now: '2026-11-20T12:10:00.000Z',
		});
	});
	afterAll(async () => {
		await ledger.close();
		await sandbox.close();
	});

	it('exercised every method the connector uses', () => {
		const methods = new Set(log.map((e) => e.method));
		for (const m of [
			'auth.test',
			'conversations.info',
			'conversations.list',
			'chat.postMessage',
			'chat.update',
			'chat.getPermalink',
			'chat.delete',
			'conversations.replies',
			'files.getUploadURLExternal',
			'files.completeUploadExternal',
		])
			expect(methods).toContain(m);
		expect(log.some((e) => (e.body as { ok?: boolean }).ok === false)).toBe(true);
	});

	it('sends only documented parameters, with every required one, to documented methods', () => {
		const problems: string[] = [];
		for (const e of log) {
			if (documentedMethod(e.method, e.httpMethod)) {
				const params = splitDocDerivedArgs(e.method, e.params, problems);
				for (const p of validateSlackRequest(e.method, e.httpMethod, params, e.headers))
					problems.push(`${e.method}: ${p}`);
			} else {
				const args = DOC_DERIVED_ARGS[e.method];
				if (!args) problems.push(`${e.httpMethod} ${e.method} is neither in the spec nor documentation-derived`);
				else {
					for (const r of args.required) if (e.params[r] === undefined) problems.push(`${e.method}: ${r} missing`);
					for (const k of Object.keys(e.params))
						if (![...args.required, ...args.optional].includes(k)) problems.push(`${e.method}: ${k} undocumented`);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('the thread read-back asks for the metadata; case posts carry their id, the thread reply its change', () => {
		const reads = log.filter((e) => e.method === 'conversations.replies' && (e.body as { ok?: boolean }).ok === true);
		expect(reads.length).toBeGreaterThanOrEqual(2);
		for (const r of reads) expect(r.params).toMatchObject({ channel: 'C0EXCEPTIONS', include_all_metadata: 'true' });
		// Case messages carry their case id too (pp_case, so a post whose answer was lost is found again, issue 15);
		// the one thread reply carries the change it records.
		const metadata = log
			.filter((e) => e.method === 'chat.postMessage' && e.params.metadata !== undefined)
			.map((e) => JSON.parse(e.params.metadata) as { event_type?: string });
		expect(metadata.some((m) => m.event_type === 'pp_case')).toBe(true);
		const changes = metadata.filter((m) => m.event_type === 'pp_case_change');
		expect(changes).toHaveLength(1);
		expect(changes[0]).toMatchObject({ event_type: 'pp_case_change', event_payload: { change: 'acknowledged' } });
		// An unknown thread answers thread_not_found, a documented error of the method.
		expect(
			log.some(
				(e) => e.method === 'conversations.replies' && (e.body as { error?: string }).error === 'thread_not_found',
			),
		).toBe(true);
		const problems: string[] = [];
		splitDocDerivedArgs('chat.postMessage', { metadata: '{"event_payload":{}}' }, problems);
		splitDocDerivedArgs('conversations.replies', { include_all_metadata: 'yes' }, problems);
		expect(problems).toEqual([
			'chat.postMessage: metadata.event_type: must be an alphanumeric string',
			'conversations.replies: include_all_metadata: must be a boolean, got yes',
		]);
	});

	it("every Block Kit payload sent stays within Slack's documented limits", () => {
		const withBlocks = log.filter((e) => e.params.blocks !== undefined);
		expect(withBlocks.length).toBeGreaterThan(4);
		for (const e of withBlocks) expect(blockKitErrors(JSON.parse(e.params.blocks))).toEqual([]);
		// The 5,000-character evidence was cut with a note, not refused.
		const first = JSON.parse(withBlocks[0].params.blocks);
		expect(JSON.stringify(first)).toContain('truncated: the full text is in the Order Ledger');
		// The weekly report went out with its Self-service section (issue 17), checked like every other payload.
		const weekly = withBlocks.filter((e) => e.params.blocks.includes('*Self-service requests*'));
		expect(weekly).toHaveLength(1);
		expect(weekly[0].params.blocks).toContain('*Done without a person*\\n50% (1 of 2)');
	});

	it('every response of the simulated Slack matches the published response schemas', () => {
		const problems: string[] = [];
		let checked = 0;
		for (const e of log) {
			if (e.status !== 200 || !documentedMethod(e.method, e.httpMethod)) continue;
			checked++;
			for (const p of validateSlackResponse(e.method, e.httpMethod, e.body))
				if (!waivedBySlack(e.method, p)) problems.push(`${e.method} ${JSON.stringify(e.body).slice(0, 80)}: ${p}`);
		}
		expect(checked).toBeGreaterThan(15);
		expect(problems).toEqual([]);
	});

	it('the validator itself catches a wrong request and a wrong response', () => {
		expect(validateSlackRequest('chat.postMessage', 'POST', { text: 'x', colour: 'red' }, {})).toEqual([
			'token: missing (no parameter and no Authorization header)',
			'channel: required by the spec but not sent',
			'colour: not a documented parameter of chat.postMessage',
		]);
		expect(
			validateSlackResponse('chat.postMessage', 'POST', {
				ok: true,
				channel: 'C0EXCEPTIONS',
				ts: 'not-a-ts',
				message: { type: 'message', text: '', ts: '1' },
			}),
		).not.toEqual([]);
		expect(validateSlackResponse('chat.update', 'POST', { ok: false, error: 'not_a_documented_error' })).not.toEqual(
			[],
		);
	});
});
