// Worker-thread entry (bundled as dist/worker.js): parses the files it is sent and returns each one's file-level
// analysis as plain data (core/offload.ts). Stateless between messages; host/pool.ts drives it.
import { parentPort } from 'node:worker_threads';
import { fileAnalysisData, parseFile, type FileAnalysisData, type Options } from '../core/index.ts';

export interface WorkerRequest {
  id: number;
  options: Options;
  files: { uri: string; text: string }[];
  /** Shared with the main thread: set to 1 once it stopped waiting for this batch (the rest is skipped). */
  cancel: Int32Array;
  /** Shared: one slot per chunk of the batch; a chunk someone else claimed first (the main thread) is skipped. */
  claims?: Int32Array;
  chunk?: number;
  /** Also return each file's parse without its trees and its share of the model. */
  whole?: boolean;
}

export interface WorkerReply {
  id: number;
  out: FileAnalysisData[];
}

parentPort?.on('message', (m: WorkerRequest) => {
  const out: FileAnalysisData[] = [];
  const mine = !m.claims || m.chunk === undefined || Atomics.compareExchange(m.claims, m.chunk, 0, 1) === 0;
  for (const f of mine ? m.files : []) {
    if (Atomics.load(m.cancel, 0) !== 0) break;
    try {
      out.push(fileAnalysisData(parseFile(f.uri, f.text, m.options), m.options, m.whole === true));
    } catch {
      // The engine never throws on user input; should it, the main thread analyses this file itself and its
      // own error handling reports it.
    }
  }
  parentPort?.postMessage({ id: m.id, out } satisfies WorkerReply);
});
