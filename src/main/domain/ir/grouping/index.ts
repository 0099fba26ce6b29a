/** Incidents from alerts: parsers (Snort, Suricata, flow alerts), grouping and chaining. */
export * from './config';
export * from './families';
export * from './group';
export * from './parsers';
export { readAlertFiles } from './readFiles';
