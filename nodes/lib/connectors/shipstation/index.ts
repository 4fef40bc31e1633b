export * from './types';
export * from './normalise';
export * from './webhook';
export * from './paginate';
export * from './client';
export * from './notification';
export * from './orderReads';
