/** Incident response (paper 2): recovery model, response verbs, the twin, agents and evaluation. */
export * from './core/recovery';
export * from './core/verbs';
export * from './twin';
export * from './agents';
export * from './eval';
