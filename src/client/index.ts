export * from './errors.js';
export * from './retry.js';
export * from './source.js';
