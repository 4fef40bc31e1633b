import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { lookupKeyFields, lookUpByNumber, orderNumberField } from '../../helpers/orderByNumber';

export const description: INodeProperties[] = [orderNumberField('lookUp'), ...lookupKeyFields('lookUp')];

/** The order(s) by every key; a miss is an item with found: false. */
export async function execute(this: IExecuteFunctions, i: number, clients: ShipStationClients): Promise<IDataObject[]> {
	return lookUpByNumber(this, i, clients, false);
}
