/**
 * The one typed contract between the UI and the core, split by area under contract/. Electron's
 * preload, the main-process IPC handlers and the headless HTTP + WebSocket host are all derived
 * from it; every request's arguments are validated against its schema before a handler sees them.
 * The run-time name lists live in names.ts (zod-free, for the preload).
 */
export * from './contract/common';
export * from './contract/app';
export * from './contract/datasets';
export * from './contract/jobs';
export * from './contract/alerts';
export * from './contract/detector';
export * from './contract/model';
export * from './contract/kg';
export * from './contract/training';
export * from './contract/feeds';
export * from './contract/exports';
export * from './contract/incidents';
export * from './contract/autoApprove';
export * from './contract/audit';
export * from './contract/events';
export * from './contract/requests';
export { EVENT_NAMES, REQUEST_NAMES, isEventName, isRequestName } from './names';
export type { Method } from './learner';
