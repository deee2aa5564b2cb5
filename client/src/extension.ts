// Extension entry point. TODO(issue 2): replaced by the full client.
export function activate(): void {}
export function deactivate(): void {}
