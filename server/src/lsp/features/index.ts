// The server's features: adding one (hover, completion, reach, topology, workspace index) is one line here.
import { createCodeActions } from './codeActions.ts';
import { diagnostics } from './diagnostics.ts';
import type { Feature } from './feature.ts';
import { topology } from './topology.ts';

export type { Feature } from './feature.ts';

export const FEATURES: readonly Feature[] = [diagnostics, createCodeActions([]), topology];
