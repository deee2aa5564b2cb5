// The workspace rule registry: semantic rules that need the whole model (missing-dns-egress, ...) are
// added here, one line each, like rules/index.ts.
import type { WorkspaceRule } from '../workspace.ts';

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [];
