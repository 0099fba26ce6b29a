/** The headless host's public surface. */
export { createHeadlessHost, type HeadlessHost, type HeadlessHostOptions } from './host';
