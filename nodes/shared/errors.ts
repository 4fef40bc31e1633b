import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';
import { HttpError, TransportError, ValidationError } from '../lib/http/errors';
import { OutcomeUnknownError } from '../lib/http/outcome';
import { LedgerError } from '../lib/ledger/errors';
import { PolicyError } from '../lib/order/policy';
import { ReconcileInputError } from '../lib/order/reconcile';
import { ShopifyGraphQLError, ShopifyUserErrors } from '../lib/connectors/shopify/client';
import { PaginationError } from '../lib/connectors/shipstation/paginate';
import { SlackApiError } from '../lib/connectors/slack/errors';
import { redactDeep, redactErrorInPlace } from '../lib/http/redact';
import { credentialSecrets } from './secrets';

export type NodeError = NodeApiError | NodeOperationError;

/**
 * The one place that turns the library's errors into n8n errors with a description a non-engineer can
 * act on. Every node calls it in its catch blocks instead of building messages itself, so the same
 * failure reads the same on every node. Library errors carry their own `hint` (the connector knows the
 * vendor); this function only chooses the n8n error class and the fallback sentence.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
	secrets: readonly string[] = [],
): NodeError {
	const nodeError = mapError(node, error, itemIndex);
	// Every surface of the error (message, description, stack, errorResponse, context, cause) is masked in
	// place, with the credential's own secret values; the secrets ride along (not enumerable, never
	// serialised) so continueOnFailItem masks the extra facts it adds with the same values.
	redactErrorInPlace(nodeError, { secrets, eager: true });
	Object.defineProperty(nodeError, KNOWN_SECRETS, { value: secrets, enumerable: false, configurable: true });
	return nodeError;
}

/**
 * toNodeError with the secrets of every credential set on the node: what a node's catch block calls.
 */
export async function nodeErrorOf(
	ctx: Parameters<typeof credentialSecrets>[0],
	error: unknown,
	itemIndex?: number,
): Promise<NodeError> {
	return toNodeError(ctx.getNode(), error, itemIndex, await credentialSecrets(ctx));
}

const KNOWN_SECRETS = Symbol('knownSecrets');

function mapError(node: INode, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof PaginationError) {
		// A page walk stopped part-way: say why (the inner error) and where to resume.
		const inner = mapError(node, error.cause, itemIndex);
		return new NodeOperationError(node, error.message, {
			description: (
				`${inner.description ?? ''} Nothing was lost: run again with "Start Page" set to ${error.resumeFromPage} ` +
				`to continue where it stopped.`
			).trim(),
			itemIndex,
		});
	}
	if (error instanceof ShopifyUserErrors) {
		return new NodeApiError(node, { message: error.message, userErrors: error.userErrors } as unknown as JsonObject, {
			message: error.message,
			description: `Field: ${error.field ?? '(none given)'}. ${error.hint ?? ''}`.trim(),
			itemIndex,
		});
	}
	if (error instanceof ShopifyGraphQLError) {
		return new NodeApiError(node, { message: error.message, code: error.code ?? null } as JsonObject, {
			message: error.message,
			description: error.hint ?? 'Shopify refused the request; the message above says why.',
			itemIndex,
		});
	}
	if (error instanceof SlackApiError) {
		return new NodeApiError(
			node,
			{ error: error.code, method: error.method, channel: error.channel ?? null, ...error.detail } as JsonObject,
			{
				message: error.message,
				description: error.hint,
				itemIndex,
			},
		);
	}
	if (error instanceof HttpError) {
		return new NodeApiError(
			node,
			{ status: error.status, body: error.body as JsonObject, url: error.request.url } as JsonObject,
			{
				message: error.message,
				description: error.hint ?? 'The vendor rejected the request; the response body is shown below.',
				httpCode: String(error.status),
				itemIndex,
			},
		);
	}
	if (error instanceof OutcomeUnknownError) {
		// Sent, no clear answer, not repeated: the person must know it may have happened.
		return new NodeApiError(
			node,
			{
				outcome: 'unknown',
				status: error.status ?? null,
				code: error.code ?? null,
				url: error.request.url,
			} as JsonObject,
			{ message: error.message, description: error.hint, itemIndex },
		);
	}
	if (error instanceof TransportError) {
		return new NodeApiError(node, { code: error.code, url: error.request.url } as JsonObject, {
			message: error.message,
			description:
				'No answer from the vendor after retries (network failure or timeout). Check the base URL in the ' +
				'credential and that the service is reachable; the run can be repeated safely.',
			itemIndex,
		});
	}
	if (error instanceof ValidationError) {
		return new NodeOperationError(node, error.message, {
			description: `${error.field ? `Field: ${error.field}. ` : ''}${error.hint ?? ''}`.trim() || undefined,
			itemIndex,
		});
	}
	if (error instanceof LedgerError)
		return new NodeOperationError(node, error.message, { description: error.hint, itemIndex });
	if (error instanceof PolicyError) {
		return new NodeOperationError(node, error.message, {
			description: `Fix these policy parameters on the node: ${error.errors.join('; ')}.`,
			itemIndex,
		});
	}
	if (error instanceof ReconcileInputError) {
		const details = error.rejected.map((r) => `observation ${r.index}: ${r.errors.join(', ')}`).join('; ');
		return new NodeOperationError(node, error.message, {
			description: details
				? `Every observation of this item was rejected: ${details}. Fix those fields in the step that builds the ` +
					`observations.`
				: 'Give each item the stored order record (or null for a new order) and a list of observations.',
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

/**
 * The item a failing input item becomes when "On Error" continues, paired with the input item so the rest
 * of the workflow runs and the failure stays visible.
 *
 * "Continue (using error output)": n8n moves an item to the node's Error output only when its json holds
 * nothing but `error`, `message` and `details` (n8n-core WorkflowExecute.handleNodeErrorOutput), and there
 * it adds the input item's fields, so the failed order's own data (its events, its key) rides along to
 * whatever handles the failure. The description (what to do) and any extra facts go under `details`.
 * "Continue (regular output)": the error, the description and the extra facts side by side, as before.
 */
export function continueOnFailItem(
	error: NodeError,
	itemIndex: number,
	extraFacts: IDataObject = {},
): INodeExecutionData {
	const secrets = (error as { [KNOWN_SECRETS]?: readonly string[] })[KNOWN_SECRETS] ?? [];
	redactErrorInPlace(error, { secrets, eager: true });
	// The facts are data the workflow goes on to use: only secrets are masked, never a long key or hash.
	const extra = redactDeep(extraFacts, { secrets });
	const description = error.description ?? null;
	if (error.node?.onError === 'continueErrorOutput')
		return { json: { error: error.message, details: { description, ...extra } }, pairedItem: { item: itemIndex } };
	return {
		json: { ...extra, error: error.message, description },
		pairedItem: { item: itemIndex },
	};
}
