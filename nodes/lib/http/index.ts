export * from './types';
export * from './errors';
export * from './retry';
export * from './outcome';
export * from './once';
export * from './limiters';
export * from './fetchTransport';
export * from './inOrder';
