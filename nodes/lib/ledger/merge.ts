/**
 * The ledger never decides how two versions of an order combine: the engine does. mergeRecords is a
 * commutative join, so a stale or replayed write can never move an order backwards.
 */
export { mergeRecords } from '../order';
