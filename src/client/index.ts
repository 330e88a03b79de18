export * from './errors.js';
export * from './retry.js';
export * from './source.js';
export * from './roles.js';
export * from './transactions.js';
export * from './client.js';
export * from './healthBatch.js';
