/** Incident response evaluated on replayed real traffic (`rampart ir-replay`). */
export * from './agents';
export * from './flows';
export * from './run';
export * from './world';
export * from './llmChooser';
