// The server's features: adding one (hover, completion, reach, trace, topology, workspace index) is one line here.
import { createCodeActions } from './codeActions.ts';
import { completion } from './completion.ts';
import { diagnostics } from './diagnostics.ts';
import { diff } from './diff.ts';
import { hover } from './hover.ts';
import { policyActions } from './policyActions.ts';
import { pullDiagnostics } from './pullDiagnostics.ts';
import { reachRequests } from './reach.ts';
import type { Feature } from './feature.ts';
import { topology } from './topology.ts';
import { traceRequests } from './trace.ts';
import { workspaceIndex } from './workspaceIndex.ts';

export type { Feature } from './feature.ts';

export const FEATURES: readonly Feature[] = [workspaceIndex, diagnostics, pullDiagnostics, createCodeActions([policyActions]), reachRequests, traceRequests, topology, diff, hover, completion];
