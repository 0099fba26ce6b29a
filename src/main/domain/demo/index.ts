/**
 * Built-in SYNTHETIC demo data: CICFlowMeter flows for all eight classes drawn from a small profile
 * fitted to real per-class statistics (resources/demo-profile.json), so the console starts usefully
 * without a CSV and benchmarks can make GB-sized files. Nothing it produces is real traffic.
 */
export type { ClassMix, DemoOptions, SyntheticFlow } from './types';
export type { DemoProfile } from './profile';
export {
  loadDemoProfile,
  parseDemoProfile,
  defaultDemoProfilePath,
  DEMO_PROFILE_FORMAT,
} from './profile';
export { generateFlows, FlowSource } from './generator';
export { writeDemoCsv, DEMO_CSV_HEADER } from './csvWriter';
export type { WriteDemoCsvOptions } from './csvWriter';
export { classCounts, PAPER_CLASS_COUNTS, DEFAULT_START_TIME_MS } from './scenario';
