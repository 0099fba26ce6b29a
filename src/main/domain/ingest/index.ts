/** The streaming CICFlowMeter CSV loader: public surface. */
export { readFlows, readSources, type FlowStream, type ReadOptions } from './reader';
export { readFlowsInWorker } from './workerStream';
export { detectFormat } from './headers';
export { normaliseLabel } from './labels';
export {
  loadClassMap,
  mapLabel,
  parseClassMap,
  type ClassMap,
  type LabelMapping,
} from './classMap';
export { fileSource, type ByteSource } from './source';
export type {
  CsvFormat,
  FileReport,
  FlowBatch,
  IngestReport,
  SkipExample,
  SkipReason,
} from './types';
