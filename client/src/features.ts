// Entry of dist/client-features.js: what commands need on first use (preview, diff, reports, reach, trace), out of the start-up bundle.
export { TopologyPreview } from './preview/panel.ts';
export { showReport } from './preview/reports.ts';
export { canReach } from './reach.ts';
export { traceUrl } from './trace.ts';
