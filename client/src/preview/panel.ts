// The topology preview panel: one webview that follows the active YAML file (or the workspace), refreshes on
// edits (debounced), reveals workloads and deciding rules on click, exports, and restores after a reload.
import * as vscode from 'vscode';
import { ConnectivityDiffRequest, TopologyRequest, type ConnectivityDiffResult, type SourceLocation, type TopologyResult, type TopologyRuleJson } from '../../../server/src/protocol.ts';
import type { Ctx } from '../client.ts';
import { PREVIEW_VIEW_TYPE } from '../lazy.ts';
import { diffInfo, flowRules, openLocation, pickRevision } from './diff.ts';
import { arrowCountsOf } from './counts.ts';
import { makeNonce, previewHtml } from './html.ts';
import { parseFromWebview, PREVIEW_COLLAPSE_ABOVE, PREVIEW_MAX_EDGES, type FromWebview, type PreviewEdge, type PreviewNode, type PreviewOptions, type ToWebview } from './messages.ts';

export interface PreviewSnapshot {
  title: string;
  options: PreviewOptions;
  diff?: { base: string; error?: string; flows: { status: string; source: string; destination: string; port: string; protocol: string; edge?: string }[] };
}
const DEBOUNCE_MS = 250;
const DEFAULT_OPTIONS: PreviewOptions = { scope: 'workspace', namespaces: [], externalPeers: true, expand: [], focus: null, dnsEdges: false, compare: null };


interface GraphJson {
  nodes: { id: string; label: string; kind: string; namespace?: string }[];
  edges: { id: string; from: string; to: string; label: string; caveats?: string[]; l7?: string[]; kind?: string }[];
  counts: { workloads: number; namespaces: number; edges: number; policies: number };
}

const isYaml = (d: vscode.TextDocument) => d.languageId === 'yaml' || /\.ya?ml$/i.test(d.uri.path);

export class TopologyPreview implements vscode.Disposable {
  private static current: TopologyPreview | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private options: PreviewOptions;
  private source: vscode.Uri | undefined;
  private last: TopologyResult | undefined;
  private lastDiff: ConnectivityDiffResult | undefined;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Opens (or reveals) the preview, beside the editor for `toSide`, following the active YAML file. */
  static show(ctx: Ctx, toSide: boolean): TopologyPreview {
    const editor = vscode.window.activeTextEditor;
    const column = toSide ? vscode.ViewColumn.Beside : (editor?.viewColumn ?? vscode.ViewColumn.Active);
    if (TopologyPreview.current) {
      TopologyPreview.current.panel.reveal(column, toSide);
      return TopologyPreview.current;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'NetLens Topology', { viewColumn: column, preserveFocus: toSide }, TopologyPreview.webviewOptions(ctx));
    TopologyPreview.current = new TopologyPreview(ctx, panel, DEFAULT_OPTIONS, editor && isYaml(editor.document) ? editor.document.uri : undefined);
    return TopologyPreview.current;
  }

  /** "Compare Connectivity with...": picks a revision (unless given) and turns the preview into the diff view. */
  static async compare(ctx: Ctx, ref?: string): Promise<void> {
    const base = ref ?? (await pickRevision(ctx));
    if (!base) return;
    TopologyPreview.show(ctx, true).setOptions({ compare: base, focus: null });
  }

  /** The preview on screen, if any (tests and commands). */
  static get active(): TopologyPreview | undefined {
    return TopologyPreview.current;
  }

  /** What the panel shows, for the e2e tests (the webview's DOM is out of the extension host's reach). */
  snapshot(): PreviewSnapshot {
    const d = this.lastDiff;
    return {
      title: this.panel.title,
      options: { ...this.options },
      ...(d ? { diff: { base: d.base, error: d.error, flows: d.flows.map((f) => ({ status: f.status, source: f.source, destination: f.destination, port: f.port, protocol: f.protocol, edge: f.edge })) } } : {}),
    };
  }

  private setOptions(options: Partial<PreviewOptions>): void {
    this.options = { ...this.options, ...options };
    this.schedule(0);
  }

  /** Restores a preview after a reload (registerWebviewPanelSerializer), with the options the webview saved. */
  static revive(ctx: Ctx, panel: vscode.WebviewPanel, state: unknown): void {
    const saved = (state as { options?: Partial<PreviewOptions> } | undefined)?.options ?? {};
    const options: PreviewOptions = {
      scope: saved.scope === 'file' ? 'file' : 'workspace',
      namespaces: Array.isArray(saved.namespaces) ? saved.namespaces.filter((n) => typeof n === 'string') : [],
      externalPeers: saved.externalPeers !== false,
      expand: Array.isArray(saved.expand) ? saved.expand.filter((n) => typeof n === 'string') : [],
      focus: null,
      dnsEdges: saved.dnsEdges === true,
      compare: typeof saved.compare === 'string' ? saved.compare : null,
    };
    panel.webview.options = TopologyPreview.webviewOptions(ctx);
    TopologyPreview.current?.dispose();
    const editor = vscode.window.activeTextEditor;
    TopologyPreview.current = new TopologyPreview(ctx, panel, options, editor && isYaml(editor.document) ? editor.document.uri : undefined);
  }

  private static webviewOptions(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = ctx.extension.extensionUri;
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')] };
  }

  private constructor(
    private readonly ctx: Ctx,
    private readonly panel: vscode.WebviewPanel,
    options: PreviewOptions,
    source: vscode.Uri | undefined,
  ) {
    this.options = options;
    this.source = source;
    const root = ctx.extension.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(root, 'media', 'icon.svg');
    panel.webview.html = previewHtml(panel.webview, vscode.Uri.joinPath(root, 'dist', 'preview.js'), vscode.Uri.joinPath(root, 'media', 'preview.css'), makeNonce());
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        const msg = parseFromWebview(m);
        if (msg) void this.handle(msg).catch((err: unknown) => this.fail('preview action', err));
        else ctx.output.warn('Topology preview: ignored a malformed message from the webview');
      }),
      vscode.workspace.onDidChangeTextDocument((e) => isYaml(e.document) && e.contentChanges.length > 0 && this.schedule()),
      vscode.workspace.onDidSaveTextDocument((d) => isYaml(d) && this.schedule()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !isYaml(editor.document) || editor.document.uri.toString() === this.source?.toString()) return;
        this.source = editor.document.uri;
        if (this.options.scope === 'file') this.schedule(0);
      }),
      panel.onDidChangeViewState((e) => e.webviewPanel.visible && this.schedule(0)),
      ctx.onDidChangeState((s) => s.state === 'ready' && this.schedule(0)),
    );
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh().catch((err: unknown) => this.fail('topology', err));
    }, delay);
  }

  /** Asks the server for the graph and hands it to the webview; a newer request supersedes an older one. */
  private async refresh(): Promise<void> {
    if (!this.panel.visible) return;
    const seq = ++this.seq;
    const o = this.options;
    if (o.compare) return this.refreshDiff(seq, o.compare);
    this.lastDiff = undefined;
    this.panel.title = 'NetLens Topology';
    const result = await this.ctx.request(TopologyRequest, {
      uri: this.source?.toString(),
      scope: o.scope,
      namespaces: o.namespaces,
      externalPeers: o.externalPeers,
      expand: o.expand,
      ...(o.focus ? { focus: o.focus } : {}),
      dnsEdges: o.dnsEdges === true,
      collapseAbove: PREVIEW_COLLAPSE_ABOVE,
      maxEdges: PREVIEW_MAX_EDGES,
    });
    if (seq !== this.seq) return;
    this.last = result;
    await this.post(seq, result, {});
  }

  /** The diff view: the server compares the workspace with the revision; the webview colours and lists it. */
  private async refreshDiff(seq: number, base: string): Promise<void> {
    const uri = this.source?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
    const diff = await this.ctx.request(ConnectivityDiffRequest, { base, ...(uri ? { uri } : {}) });
    if (seq !== this.seq) return;
    this.lastDiff = diff;
    this.panel.title = `NetLens: Connectivity vs ${base}`;
    const result: TopologyResult = { mermaid: diff.mermaid, graph: diff.graph, collapsed: false, locations: diff.locations, edgeRules: diff.edgeRules };
    if (diff.error ?? diff.message) result.message = diff.error ?? diff.message;
    this.last = result;
    await this.post(seq, result, { diff: diffInfo(diff) });
  }

  private async post(seq: number, result: TopologyResult, extra: Partial<Extract<ToWebview, { kind: 'update' }>>): Promise<void> {
    const o = this.options;
    const graph = (result.graph ?? {}) as Partial<GraphJson>;
    const nodes: PreviewNode[] = (graph.nodes ?? []).map((n) => ({ id: n.id, label: n.label, kind: n.kind, ...(n.namespace ? { namespace: n.namespace } : {}), navigable: result.locations[n.id] !== undefined }));
    const edges: PreviewEdge[] = (graph.edges ?? []).map((e) => {
      const rules = result.edgeRules?.[e.id] ?? [];
      const head = e.kind === 'way' ? `${e.label} (the way in)${rules.length ? ', allowed by:' : ''}` : e.kind === 'blocked' ? `${e.label}` : `${e.label}, allowed by:`;
      // L7: the flow exists at L4; the proxy lets through only what these rules say (NetLens does not judge requests).
      const l7 = (e.l7 ?? []).map((x) => `L7 (only this passes the proxy): ${x}`);
      const detail = [head, ...rules.map((r) => `  ${r.policy} (${r.direction} rule ${r.ruleIndex})`), ...l7, ...(e.caveats ?? []).map((c) => `Note: ${c}`)].join('\n');
      return { id: e.id, from: e.from, to: e.to, label: e.label, navigable: rules.some((r) => r.location), detail };
    });
    const counts = graph.counts ?? { workloads: 0, namespaces: 0, edges: 0, policies: 0 };
    const update: ToWebview = {
      kind: 'update',
      seq,
      mermaid: result.mermaid,
      nodes,
      edges,
      collapsed: result.collapsed,
      options: o,
      namespaces: result.namespaces ?? [],
      counts: { workloads: counts.workloads, namespaces: counts.namespaces, edges: counts.edges, policies: counts.policies, arrows: arrowCountsOf(graph.edges ?? []) },
      ...(result.message ? { message: result.message } : {}),
      ...(o.scope === 'file' && this.source ? { source: vscode.workspace.asRelativePath(this.source) } : {}),
      ...(result.search ? { search: result.search } : {}),
      ...extra,
    };
    await this.panel.webview.postMessage(update);
  }

  private async handle(msg: FromWebview): Promise<void> {
    switch (msg.kind) {
      case 'ready':
        return this.schedule(0);
      case 'setOptions':
        return this.setOptions(msg.options);
      case 'pickCompare':
        return TopologyPreview.compare(this.ctx);
      case 'revealFlow': {
        const d = this.lastDiff;
        const rule = d ? flowRules(d, msg.index)[msg.rule] : undefined;
        return openLocation(rule?.location, rule?.side ?? 'head', d?.commit ?? d?.base ?? 'HEAD');
      }
      case 'revealFinding': {
        const d = this.lastDiff;
        const f = d?.findings[msg.index];
        return openLocation(f?.location, f?.status === 'removed' ? 'base' : 'head', d?.commit ?? d?.base ?? 'HEAD');
      }
      case 'reveal':
        if (msg.target === 'node') return this.revealLocation(this.last?.locations[msg.id]);
        // Diff view: a closed flow's rules are the base's; open them from the revision.
        if (this.lastDiff && this.lastDiff.edgeStatus[msg.id] === 'removed') {
          const r = this.lastDiff.edgeRules[msg.id]?.find((x) => x.location);
          return openLocation(r?.location, 'base', this.lastDiff.commit ?? this.lastDiff.base);
        }
        return this.revealRule(this.last?.edgeRules?.[msg.id] ?? []);
      case 'copyMermaid':
        if (!this.last) return;
        await vscode.env.clipboard.writeText(this.last.mermaid);
        void vscode.window.showInformationMessage('NetLens: Mermaid text copied to the clipboard.');
        return;
      case 'saveMarkdown':
        if (this.last) {
          const title = this.lastDiff ? `## Connectivity changes against ${this.lastDiff.base}` : '## Network topology';
          await this.save(this.lastDiff ? 'connectivity-diff.md' : 'topology.md', { Markdown: ['md'] }, `${title}\n\n\`\`\`mermaid\n${this.last.mermaid}\`\`\`\n`);
        }
        return;
      case 'svg':
        await this.save('topology.svg', { SVG: ['svg'] }, msg.svg);
        return;
      case 'renderError':
        this.ctx.output.warn(`Topology preview could not render the graph: ${msg.message}`);
        return;
    }
  }

  private async revealLocation(loc: SourceLocation | undefined): Promise<void> {
    if (!loc) return;
    const r = loc.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === loc.uri)?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.parse(loc.uri), { selection: range, viewColumn: column, preserveFocus: false });
  }

  /** One deciding rule: go there; several (egress and ingress sides): let the user pick. */
  private async revealRule(rules: readonly TopologyRuleJson[]): Promise<void> {
    const withLoc = rules.filter((r) => r.location);
    if (withLoc.length <= 1) return this.revealLocation(withLoc[0]?.location);
    const pick = await vscode.window.showQuickPick(
      withLoc.map((r) => ({ label: `${r.policy}`, description: `${r.direction} rule ${r.ruleIndex}`, rule: r })),
      { placeHolder: 'Rules that allow this flow' },
    );
    if (pick) await this.revealLocation(pick.rule.location);
  }

  private async save(name: string, filters: Record<string, string[]>, text: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ filters, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`NetLens: saved ${vscode.workspace.asRelativePath(target)}.`);
  }

  private fail(what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.ctx.output.error(`${what} failed: ${message}`);
    void this.panel.webview.postMessage({ kind: 'error', message: `NetLens could not update the graph: ${message}` } satisfies ToWebview);
  }

  dispose(): void {
    if (TopologyPreview.current === this) TopologyPreview.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
