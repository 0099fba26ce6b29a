/** The headless host's public surface. */
export {
  consoleUrlLine,
  createHeadlessHost,
  type HeadlessHost,
  type HeadlessHostOptions,
} from './host';
