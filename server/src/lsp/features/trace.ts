// `netlens/trace`: a URL followed through the workspace's Gateways (and Ingresses) to the pods, each step with
// the location the editor can reveal (the same steps as `netlens trace --format json`).
import type { Connection } from 'vscode-languageserver';
import { traceUrl, type TraceResult } from '../../core/index.ts';
import { TraceRequest, type TraceParams, type TraceResultJson } from '../../protocol.ts';
import { spanToRange } from '../convert.ts';
import { onCustomRequest } from '../requests.ts';
import type { Service } from '../service.ts';
import type { FolderAnalysis } from '../workspaceIndex.ts';
import type { Feature } from './feature.ts';

const failed = (url: string, error: string): TraceResultJson => ({ url, paths: [], notes: [], error });

function traceJson(folder: FolderAnalysis, r: TraceResult): TraceResultJson {
  const location = (uri: string | undefined, span: { start: number; end: number } | undefined) => {
    const file = uri !== undefined ? folder.files.get(uri) : undefined;
    return file && span ? { location: { uri: file.uri, range: spanToRange(file.lines, span) } } : {};
  };
  return {
    url: r.url,
    paths: r.paths.map((p) => ({
      entry: p.entry,
      reaches: p.reaches,
      ...(p.undecided ? { undecided: true } : {}),
      steps: p.steps.map((s) => ({ kind: s.kind, text: s.text, ok: s.ok, ...(s.condition ? { condition: s.condition } : {}), ...location(s.uri, s.span) })),
    })),
    notes: r.notes,
  };
}

export async function answerTrace(service: Service, p: TraceParams): Promise<TraceResultJson> {
  const url = typeof p?.url === 'string' ? p.url.trim() : '';
  if (!url) return failed('', 'a URL is required (example: https://app.example.com/api)');
  await service.index.whenScanned();
  // The asked folder (the client sends the active file's) answers when something there serves the URL; when
  // nothing does, the Gateway may well live in another root, so the other folders are asked as without a file.
  const one = typeof p.uri === 'string' ? await service.index.analysisFor(p.uri, true) : undefined;
  if (one) {
    const r = traceUrl(one.analysis.model, one.files, one.options, url);
    if ('error' in r) return failed(url, r.error);
    if (r.paths.length > 0) return traceJson(one, r);
  }
  const folders = (await service.index.allAnalyses()).filter((f) => f.key !== one?.key);
  if (one) folders.unshift(one);
  if (folders.length === 0) return failed(url, 'No workspace folder is indexed: open a folder with your manifests.');
  // Without a file (or nothing in its folder): the folder where the URL reaches pods, else one that serves it.
  let best: TraceResultJson | undefined;
  for (const folder of folders) {
    const r = traceUrl(folder.analysis.model, folder.files, folder.options, url);
    if ('error' in r) return failed(url, r.error);
    const json = traceJson(folder, r);
    if (json.paths.some((x) => x.reaches)) return json;
    if (!best || (best.paths.length === 0 && json.paths.length > 0)) best = json;
  }
  return best ?? failed(url, 'No workspace folder is indexed: open a folder with your manifests.');
}

export const traceRequests: Feature = {
  name: 'trace',
  register(connection: Connection, service: Service): void {
    onCustomRequest(connection, service, TraceRequest, failed('', 'The trace request failed; see the NetLens output.'), (p) => answerTrace(service, p));
  },
};
