/** What Customer Requests' operations share. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import type { StoreProfile } from '../../../lib/order/storeProfile';

/** One ledger connection and the store's profile per execution. */
export interface RequestsRun {
	ledger: LedgerStore;
	profile: StoreProfile;
}

export type RequestExecute = (this: IExecuteFunctions, run: RequestsRun, itemIndex: number) => Promise<IDataObject>;

export interface RequestOperation {
	description: INodeProperties[];
	execute: RequestExecute;
}
