export * from './errors.js';
// Retry policy: the options and the resolved policy (TransactionRunner takes one). The retry
// loop itself (withRetry, backoff, timeouts, error classification) is internal.
export { resolveRetry, RpcConfigError, type ResolvedRetry, type RetryOptions } from './retry.js';
export * from './source.js';
export * from './roles.js';
export * from './transactions.js';
export type * from './client.js';
// The requests of the device onboarding intents (createDevice, updateDevice, the interface intents).
export type { CodeOrKey, CreateDeviceRequest, UpdateDeviceRequest, CreateDeviceInterfaceRequest, UpdateDeviceInterfaceRequest } from './deviceRequests.js';
// Health batches: the values of prepareHealthMany / sendHealthMany (the batching helpers are internal).
export {
  DEFAULT_HEALTH_CONCURRENCY,
  HEALTH_UPDATES_PER_TRANSACTION,
  type HealthBatch,
  type HealthOutcome,
  type HealthOutcomeStatus,
  type HealthPlan,
  type HealthUpdate,
  type DeviceHealthUpdate,
  type LinkHealthUpdate,
  type SendHealthOptions,
} from './healthBatch.js';
// One outcome type for every send, and the helper that maps a result or a thrown error to it.
export { OUTCOME_KINDS, outcomeOf, type Outcome, type OutcomeKind } from './outcome.js';
// The program check, the extra listing filters and DzClient.forEnv's options.
export { ensureProgramDeployed, ProgramNotDeployedError } from './programCheck.js';
export type { DeviceFilterExtras, LinkFilterExtras } from './filters.js';
export type { ForEnvBaseOptions, EnvironmentEndpoints } from './environment.js';
// dzprov's own WebSocket layer and the watcher (DzClient.watch).
export {
  WsPubSub,
  checkWebSocketUrl,
  parseProgramNotification,
  type CheckedNotification,
  type SubscriptionOptions,
  type WebSocketConstructor,
  type WebSocketLike,
  type WsPubSubOptions,
  type WsPubSubStats,
} from './ws.js';
export { MAX_SLOT_LEAD, type Watcher, type WatchEvent, type WatchKind, type WatchSynced, type WatcherStats } from './watcher.js';
