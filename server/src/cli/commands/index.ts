// The command table: adding a command means adding its file under commands/ and one line here.
import type { Command } from '../command.ts';
import { command as check } from './check.ts';
import { command as config } from './config.ts';
import { command as coverage } from './coverage.ts';
import { command as diff } from './diff.ts';
import { command as graph } from './graph.ts';
import { command as matrix } from './matrix.ts';
import { command as reach } from './reach.ts';
import { command as trace } from './trace.ts';
import { command as inventory } from './inventory.ts';

export const COMMANDS: readonly Command[] = [check, reach, graph, matrix, coverage, diff, config, trace, inventory];
