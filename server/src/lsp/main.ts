// Language server entry point (stdio or IPC): wiring only. TODO(issue 2): replaced by the full server.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: {} }));
connection.listen();
