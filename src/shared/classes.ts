/** The paper's eight merged traffic classes, in a fixed order used as class indices everywhere. */
export const TRAFFIC_CLASSES = [
  'Benign',
  'DDoS',
  'DoS',
  'FTP-Patator',
  'SSH-Patator',
  'Web',
  'Infiltration',
  'PortScan',
] as const;

/** One of the paper's eight classes. Extra classes (e.g. Bot) are plain strings added at run time. */
export type TrafficClass = (typeof TRAFFIC_CLASSES)[number];

/** Index of a class name in {@link TRAFFIC_CLASSES}, or -1. */
export function classIndex(name: string): number {
  return (TRAFFIC_CLASSES as readonly string[]).indexOf(name);
}
