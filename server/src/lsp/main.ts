// Language server entry point (`node dist/server.js --stdio`, or IPC when forked by the client): wiring only.
import path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { celLib } from '../core/index.ts';
import { startServer } from './server.ts';

// Picks stdio, IPC or a socket from the command line, as every LSP client expects.
const connection = createConnection(ProposedFeatures.all);

// The bundle lives in dist/; rule docs are in docs/rules/ next to it.
const service = startServer(connection, { extensionRoot: path.resolve(__dirname, '..') });

// Last line of defence: a bug in a timer or promise chain is logged, and the server keeps serving.
process.on('uncaughtException', (err) => service.logError('uncaught exception', err));
process.on('unhandledRejection', (err) => service.logError('unhandled rejection', err));

// The CEL libraries start now, before the first request: started by the first Gateway API object the index reads,
// they would hold the server's thread in one piece (the CLI starts them only when it needs them).
celLib();

connection.listen();
