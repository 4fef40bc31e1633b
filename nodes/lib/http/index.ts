export * from './types';
export * from './errors';
export * from './retry';
export * from './limiters';
export * from './fetchTransport';
export * from './redact';
export * from './redirects';
export * from './signatures';
