/**
 * The Slack message for a failed n8n execution (the error workflow's Exception Alerts > Post Failed
 * Execution): which workflow failed, at which node, the error in a few lines, when, and a button that
 * opens the execution in n8n. The input is the item n8n's Error Trigger outputs
 * (docs.n8n.io, Error Trigger node, "Error data"):
 *
 *   { execution: { id, url, retryOf, error: { message, stack, description?, node? }, lastNodeExecuted, mode },
 *     workflow: { id, name } }
 *
 * or, when the trigger itself failed and no execution was saved, { trigger: { error, mode }, workflow }.
 * The message lands in a channel that is often wider than the people who run n8n, so the stack is never
 * shown and anything that looks like a secret (tokens, keys, passwords, credentials in URLs) is masked
 * before it is escaped: an error message may quote a request or a connection string verbatim.
 */
import { ValidationError } from '../../http/errors';
import { redactText } from '../../http/redact';
import { Block, SlackMessage, enforceMessageLimits, escapeMrkdwn, mrkdwn, plain, type LimitReport } from './blocks';
import { SLACK_LIMITS, clip, truncateWithNote } from './limits';

export interface FailedExecution {
	workflow: { id: string | null; name: string };
	/** null when the trigger failed before n8n saved an execution. */
	executionId: string | null;
	/** The execution's page in n8n, only when it is an http(s) URL. */
	executionUrl: string | null;
	retryOf: string | null;
	/** The node that failed (lastNodeExecuted, else the error's node); null when n8n does not say. */
	node: string | null;
	mode: string | null;
	kind: 'execution' | 'trigger';
	errorMessage: string;
	/** The error's own advice (NodeOperationError/NodeApiError description), when it has one. */
	errorDescription: string | null;
}

export interface FailedExecutionMessage {
	message: SlackMessage;
	failure: FailedExecution;
	/** How many secret-looking strings were masked in the error's message and description. */
	redactions: number;
	/** Whether the error's message or description was cut. */
	errorTruncated: boolean;
	limits: LimitReport;
}

/** Long enough for any real error; short enough that one failure never buries the channel. */
export const FAILED_EXECUTION_LIMITS = { errorMessage: 1200, errorDescription: 600 } as const;

const ERROR_TRUNCATION_NOTE = '… (truncated: the full error is in the execution)';

/** The action_id of the link button; the Slack Interaction Trigger ignores it (it only opens the URL). */
export const OPEN_EXECUTION_ACTION_ID = 'ppx-open-execution';

/** Reads the Error Trigger's item. Throws a ValidationError naming the field when it is not one. */
export function readFailedExecution(input: unknown): FailedExecution {
	if (!isRecord(input)) throw new ValidationError('The input item is not an object.', 'item', connectHint);
	const workflow = input.workflow;
	if (!isRecord(workflow))
		throw new ValidationError('The input item has no "workflow" object.', 'workflow', connectHint);
	const workflowId = text(workflow.id);
	const workflowName = text(workflow.name) ?? (workflowId ? `Workflow ${workflowId}` : null);
	if (!workflowName)
		throw new ValidationError('The failed workflow has neither a name nor an id.', 'workflow.name', connectHint);

	const execution = input.execution;
	const trigger = input.trigger;
	const source = isRecord(execution) ? execution : isRecord(trigger) ? trigger : null;
	if (!source)
		throw new ValidationError(
			'The input item has neither an "execution" nor a "trigger" object.',
			'execution',
			connectHint,
		);
	const kind = source === execution ? 'execution' : 'trigger';
	const error = isRecord(source.error) ? source.error : {};
	const errorNode = isRecord(error.node) ? text(error.node.name) : null;
	const url = kind === 'execution' ? text(source.url) : null;
	return {
		workflow: { id: workflowId, name: workflowName },
		executionId: kind === 'execution' ? text(source.id) : null,
		executionUrl: url && isHttpUrl(url) && url.length <= SLACK_LIMITS.url ? url : null,
		retryOf: kind === 'execution' ? text(source.retryOf) : null,
		node: (kind === 'execution' ? text(source.lastNodeExecuted) : null) ?? errorNode,
		mode: text(source.mode),
		kind,
		errorMessage: text(error.message) ?? (typeof source.error === 'string' ? source.error : null) ?? '',
		errorDescription: text(error.description),
	};
}

const connectHint =
	"Connect this operation straight after n8n's Error Trigger (its item has workflow and execution, or trigger), " +
	'or map an object of that shape into the node.';

/**
 * Masks what looks like a secret, with the one redaction every error surface uses (nodes/lib/http/redact.ts),
 * eagerly: a masked order id costs less than a leaked token. `secrets` are the known values of the
 * credential in use (the Slack token and webhook URL), masked wherever they appear.
 */
export function redactSecrets(input: string, secrets: readonly string[] = []): { text: string; count: number } {
	return redactText(input, { secrets, eager: true });
}

/**
 * Error text shown as preformatted text: backticks cannot close the block, &, < and > cannot open a
 * link or mention (<!channel>), and *, _ and ~ are shown as they are.
 */
function codeBlock(value: string): string {
	return '```' + escapeMrkdwn(value.replace(/`/g, 'ˋ')) + '```';
}

/** "<!date^…>" shows the time in each reader's own time zone; the fallback is UTC. */
function slackDate(iso: string): string {
	const ms = Date.parse(iso);
	if (!Number.isFinite(ms)) return escapeMrkdwn(iso);
	const fallback = new Date(ms)
		.toISOString()
		.replace('T', ' ')
		.replace(/:\d\d\.\d{3}Z$/, ' UTC');
	return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

function shortened(value: string, max: number): { text: string; truncated: boolean } {
	return truncateWithNote(value, max, ERROR_TRUNCATION_NOTE);
}

/** Builds the message from the Error Trigger's item; `now` is when the error workflow ran. */
export function buildFailedExecutionMessage(
	input: unknown,
	options: { now: string; storeName?: string | null; secrets?: readonly string[] },
): FailedExecutionMessage {
	const failure = readFailedExecution(input);
	const message = redactSecrets(failure.errorMessage.trim() || 'n8n sent no error message.', options.secrets);
	const description = failure.errorDescription ? redactSecrets(failure.errorDescription.trim(), options.secrets) : null;
	const shownMessage = shortened(message.text, FAILED_EXECUTION_LIMITS.errorMessage);
	const shownDescription = description ? shortened(description.text, FAILED_EXECUTION_LIMITS.errorDescription) : null;

	const name = failure.workflow.name;
	const where = failure.node ?? (failure.kind === 'trigger' ? 'its trigger' : 'an unknown node');
	const blocks: Block[] = [{ type: 'header', text: plain(`🚨 Workflow failed: ${name}`, SLACK_LIMITS.headerText) }];
	const fields = [
		mrkdwn(`*Workflow*\n${escapeMrkdwn(clip(name, 500))}`),
		mrkdwn(
			failure.node
				? `*Node*\n${escapeMrkdwn(clip(failure.node, 500))}`
				: `*Node*\n_${failure.kind === 'trigger' ? 'The trigger, before an execution started' : 'Not named by n8n'}_`,
		),
		mrkdwn(`*When*\n${slackDate(options.now)}`),
	];
	if (failure.executionId) fields.push(mrkdwn(`*Execution*\n${escapeMrkdwn(clip(failure.executionId, 200))}`));
	if (failure.mode) fields.push(mrkdwn(`*Mode*\n${escapeMrkdwn(clip(failure.mode, 100))}`));
	if (failure.retryOf) fields.push(mrkdwn(`*Retry of*\n${escapeMrkdwn(clip(failure.retryOf, 200))}`));
	blocks.push({ type: 'section', fields });
	blocks.push({ type: 'section', text: mrkdwn(`*Error*\n${codeBlock(shownMessage.text)}`) });
	if (shownDescription)
		blocks.push({ type: 'section', text: mrkdwn(`*What to do*\n${escapeMrkdwn(shownDescription.text)}`) });
	if (failure.executionUrl) {
		blocks.push({
			type: 'actions',
			elements: [
				{
					type: 'button',
					text: plain('Open execution', SLACK_LIMITS.buttonText),
					action_id: OPEN_EXECUTION_ACTION_ID,
					url: failure.executionUrl,
					style: 'primary',
				},
			],
		});
	}
	const context = [
		options.storeName ? escapeMrkdwn(clip(options.storeName, 200)) : null,
		failure.executionUrl
			? null
			: failure.kind === 'trigger'
				? 'No execution was saved, so there is no link: open the workflow in n8n to see its trigger.'
				: "No link: n8n sent no http(s) URL for the execution (set n8n's WEBHOOK_URL to its public address).",
		message.count + (description?.count ?? 0) > 0 ? 'Values that looked like secrets were masked.' : null,
	].filter((line): line is string => line !== null);
	if (context.length) blocks.push({ type: 'context', elements: [mrkdwn(context.join(' · '))] });

	const textLine =
		`Workflow "${name}" failed at ${failure.node ? `node "${failure.node}"` : where}: ` +
		clip(shownMessage.text.replace(/\s+/g, ' '), 300);
	const fitted = enforceMessageLimits({ text: escapeMrkdwn(textLine), blocks });
	return {
		message: fitted.message,
		failure: {
			...failure,
			errorMessage: shownMessage.text,
			errorDescription: shownDescription?.text ?? null,
		},
		redactions: message.count + (description?.count ?? 0),
		errorTruncated: shownMessage.truncated || (shownDescription?.truncated ?? false),
		limits: fitted.report,
	};
}

function isHttpUrl(value: string): boolean {
	if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function text(v: unknown): string | null {
	if (typeof v === 'string') return v.trim() ? v : null;
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
