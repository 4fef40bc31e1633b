import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { HttpError, TransportError, ValidationError } from '../lib/http/errors';

/**
 * One place that turns the engine's errors into n8n errors with a description a non-engineer can
 * act on. Node files call it in their catch blocks instead of building messages themselves.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof HttpError) {
		return new NodeApiError(node, { status: error.status, body: error.body as JsonObject, url: error.request.url } as JsonObject, {
			message: error.message,
			description: error.hint ?? 'The vendor rejected the request; the response body is shown below.',
			httpCode: String(error.status),
			itemIndex,
		});
	}
	if (error instanceof TransportError) {
		return new NodeApiError(node, { code: error.code, url: error.request.url } as JsonObject, {
			message: error.message,
			description:
				'No answer from the vendor after retries (network failure or timeout). Check the base URL in the credential and that the service is reachable; the run can be repeated safely.',
			itemIndex,
		});
	}
	if (error instanceof ValidationError) {
		return new NodeOperationError(node, error.message, {
			description: error.hint ?? (error.field ? `Fix the field "${error.field}" in the input and run again.` : undefined),
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}
