import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { lookupKeyFields, lookUpByNumber, orderNumberField } from '../../helpers/orderByNumber';

export const description: INodeProperties[] = [orderNumberField('get'), ...lookupKeyFields('get')];

/** The order(s) by every key; not finding it is an error (Look Up makes it an item). */
export async function execute(this: IExecuteFunctions, i: number, clients: ShipStationClients): Promise<IDataObject[]> {
	return lookUpByNumber(this, i, clients, true);
}
