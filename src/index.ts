/**
 * dzprov — TypeScript SDK for the provisioning lifecycle of Devices and Links in the
 * DoubleZero serviceability program. The package root is the web3.js v1 door; `dzprov/kit` is
 * the @solana/kit door; both are thin adapters over one core (src/core).
 *
 * @module dzprov
 */
export * from './web3/index.js';
