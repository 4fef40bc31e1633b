import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../lib/ledger';
import { formatTimeline } from '../../lib/order';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const key = String(this.getNodeParameter('lookupOrderKey', i, ''));
	const entries = await store.getTimeline(key);
	return [{ orderKey: key, entries: entries as unknown as IDataObject[], text: formatTimeline(entries.map((e) => ({ ...e, source: e.source as never }))) }];
}
