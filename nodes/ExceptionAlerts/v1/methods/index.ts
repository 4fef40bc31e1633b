import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { nodeErrorOf } from '../../../shared/errors';
import { slackTarget } from '../../../shared/slack';

// The ledger's base picker is the shared one, so this node and the Order Ledger list the same bases.
export { searchBases } from '../../../shared/ledger';

/** Channel picker: the workspace's channels, filtered by what the user types, the bot's own first. */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const target = await slackTarget(this);
	if (target.kind !== 'bot')
		return { results: [{ name: "The Incoming Webhook's Own Channel", value: 'incoming-webhook' }] };
	try {
		const page = await target.client.listChannels({ cursor: paginationToken, limit: 200 });
		const needle = (filter ?? '').replace(/^#/, '').toLowerCase();
		const results = page.channels
			.filter((c) => !needle || c.name.toLowerCase().includes(needle))
			.sort((a, b) => Number(b.isMember) - Number(a.isMember) || a.name.localeCompare(b.name))
			.map((c) => ({ name: `#${c.name}${c.isMember ? '' : ' (invite the app first)'}`, value: c.id, url: undefined }));
		return { results, paginationToken: page.nextCursor ?? undefined };
	} catch (error) {
		throw await nodeErrorOf(this, error);
	}
}
