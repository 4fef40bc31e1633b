// The ledger's base picker is the shared one, so this node and the Order Ledger list the same bases.
export { searchBases } from '../../../shared/ledger';
