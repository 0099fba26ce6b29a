/** The headless host's public surface. */
export {
  consoleUrlLine,
  createHeadlessHost,
  type HeadlessHost,
  type HeadlessHostOptions,
} from './host';
export {
  addAnalyst,
  analystsFileFor,
  ANALYSTS_FILE,
  readAnalysts,
  localAnalystName,
  type Analyst,
} from './analysts';
