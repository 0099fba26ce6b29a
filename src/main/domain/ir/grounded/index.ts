/** Incident response grounded in the incident's own data (see respond.ts). */
export * from './bind';
export * from './hypotheses';
export * from './perceive';
export * from './plan';
export * from './respond';
export * from './score';
