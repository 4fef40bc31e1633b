export * from './revision';
export * from './payloads';
export * from './client';
export * from './postPurchase';
