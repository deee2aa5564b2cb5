// DNS verdicts memoised per pod for one analysis (rules/ws-dns.ts dnsEgress), and their carry-over: after an edit
// of policies only, the verdicts of pods the edit did not reach are the previous analysis's, moved.
import type { RuleRef } from '../connectivity/types.ts';
import { semanticJson } from '../fingerprint.ts';
import type { Model, Workload } from '../model/types.ts';
import { policiesSelecting } from '../policy/select.ts';
import type { PolicyIR } from '../policy/types.ts';
import { carriedVerdicts } from '../rejudge.ts';
import { shiftSpan, type EditRegion } from '../shift.ts';
import { dnsEgress, dnsKey, type DnsVerdict, type PodEgress } from './ws-dns.ts';

type Verdicts = Map<Workload, Partial<Record<'UDP' | 'TCP', DnsVerdict>>>;

// Verdicts per pod, per model tables (policyIndex: the rules' views of one model share it, and a pod's verdict reads
// the full tables whatever policies a view judges) and DNS pods. Kept with the model: the next analysis, after an
// edit of policies only, takes over those of the pods the edit did not reach (core/rejudge.ts carriedVerdicts).
const VERDICTS = new WeakMap<Model['policyIndex'], Map<string, Verdicts>>();

function verdictsOf(model: Model, key: string): Verdicts {
  let perModel = VERDICTS.get(model.policyIndex);
  if (!perModel) VERDICTS.set(model.policyIndex, (perModel = new Map()));
  let v = perModel.get(key);
  if (!v) perModel.set(key, (v = new Map()));
  return v;
}

type Entry = Partial<Record<'UDP' | 'TCP', DnsVerdict>>;

// A pod that asks the cluster DNS gets the verdict of the policies selecting it: the egress evaluations read the
// pod only through that list (its name reaches their notes, which no verdict keeps), and so does the node-local
// cache search. Pods of one namespace and labels share the list, so their verdicts are computed once per list
// (4,000 pods at 2,000 files: most of missing-dns-egress's time was the same evaluation again). Kept beside the
// per-pod verdicts, for as long as they are.
const BY_POLICIES = new WeakMap<Verdicts, Map<string, Entry>>();
const POLICY_NUMBERS = new WeakMap<PolicyIR, number>();
let policyNumbers = 0;

/** The policies as a key: the same policy objects in the same order give the same key. */
function policiesKey(list: readonly PolicyIR[]): string {
  let key = '';
  for (const p of list) {
    let n = POLICY_NUMBERS.get(p);
    if (n === undefined) POLICY_NUMBERS.set(p, (n = ++policyNumbers));
    key += `${n},`;
  }
  return key;
}

let carried = 0;

/** How many pods' verdicts were taken over from a previous analysis so far (tests). */
export function dnsVerdictsCarried(): number {
  return carried;
}

// A pod's meaning, kept as long as the pod: this edit's pods are the earlier side of the next edit's comparison
// (JSON of ~1,700 pods per policy edit in the 4.7 MB file). Pods, like the drafts they come from, are never written.
const MEANINGS = new WeakMap<Workload, string>();
function meaningOf(w: Workload): string {
  let m = MEANINGS.get(w);
  if (m === undefined) MEANINGS.set(w, (m = semanticJson(w)));
  return m;
}

/**
 * The previous analyses' verdicts of pods an edit of policies only did not reach, by the pod's meaning (a moved
 * document's workload is another object), with the places of the rules they cite moved; undefined when there are
 * none to take.
 */
function carryOf(model: Model, key: string): ((pod: Workload) => Partial<Record<'UDP' | 'TCP', DnsVerdict>> | undefined) | undefined {
  const sources = carriedVerdicts(model).flatMap((c) => {
    const before = VERDICTS.get(c.tables)?.get(key);
    return before && before.size > 0 ? [{ c, before, byId: undefined as Map<string, Workload[]> | undefined }] : [];
  });
  if (sources.length === 0) return undefined;
  // Meanings are compared only between pods of the same kind and id (both are part of the meaning): taking the
  // meaning of every earlier pod at the first lookup held the server for 20-30 ms in the 4.7 MB file.
  return (pod) => {
    for (const source of sources) {
      const { c, before } = source;
      if (c.affected(pod)) continue;
      if (!source.byId) {
        source.byId = new Map();
        for (const w of before.keys()) {
          const id = `${w.kind} ${w.id}`;
          const list = source.byId.get(id);
          if (list) list.push(w);
          else source.byId.set(id, [w]);
        }
      }
      // The last of equal meanings, as a map by meaning kept it (their verdicts are the same anyway).
      const list = source.byId.get(`${pod.kind} ${pod.id}`) ?? [];
      let entry: Partial<Record<'UDP' | 'TCP', DnsVerdict>> | undefined;
      // The same pod (its document not moved) has its own meaning: no JSON of it.
      for (let i = list.length - 1; i >= 0 && !entry; i--) if (list[i] === pod || meaningOf(list[i] as Workload) === meaningOf(pod)) entry = before.get(list[i] as Workload);
      if (!entry) continue;
      const out: Partial<Record<'UDP' | 'TCP', DnsVerdict>> = {};
      let whole = true;
      for (const protocol of ['UDP', 'TCP'] as const) {
        const v = entry[protocol];
        if (!v) continue;
        const moved = movedVerdict(v, c.moves);
        if (moved) out[protocol] = moved;
        else whole = false;
      }
      if (!whole) continue;
      carried++;
      return out;
    }
    return undefined;
  };
}

/** A verdict with the places of the rules it cites moved over the edits; undefined when one lies in an edited region. */
function movedVerdict(v: DnsVerdict, moves: readonly EditRegion[]): DnsVerdict | undefined {
  const move = (refs: RuleRef[]): RuleRef[] | undefined => {
    const out: RuleRef[] = [];
    for (const ref of refs) {
      let s = ref.span;
      for (const r of moves) {
        if (!s || ref.uri !== r.uri || s.end < r.from || (s.end === r.from && s.start < s.end)) continue;
        // An empty span on a bound could be either side's: not taken.
        if (s.start > r.oldTo || (s.start === r.oldTo && s.start < s.end)) s = shiftSpan(s, r.delta);
        else return undefined;
      }
      out.push(s === ref.span ? ref : { ...ref, span: s });
    }
    return out;
  };
  const by = move(v.by);
  const deniedBy = move(v.deniedBy);
  return by && deniedBy ? { ...v, by, deniedBy } : undefined;
}

/**
 * dnsEgress memoised per pod and protocol for one analysis (a pod is often selected by several policies). A pod's
 * two verdicts read the same egress evaluations, which depend on neither protocol: the first one asked is computed
 * with TCP's when it is UDP's (dns-tcp-blocked asks TCP only where UDP is allowed; missing-dns-egress asks UDP of
 * every pod), so both share them; asked one protocol at a time, dns-tcp-blocked evaluated them all again. After an
 * edit of policies only, the verdicts of pods it did not reach are the previous analysis's (carryOf).
 */
export function dnsEgressMemo(model: Model, dns: readonly Workload[]): (pod: Workload, protocol: 'UDP' | 'TCP') => DnsVerdict {
  const key = dnsKey(dns);
  const memo = verdictsOf(model, key);
  let carry: ReturnType<typeof carryOf> | null = null;
  return (pod, protocol) => {
    let entry = memo.get(pod);
    if (!entry) {
      if (carry === null) carry = carryOf(model, key);
      memo.set(pod, (entry = carry?.(pod) ?? {}));
    }
    const known = entry[protocol];
    if (known) return known;
    // A dnsPolicy: None pod is judged by its own name servers: its verdicts are its own.
    let group: Entry = entry;
    if (pod.dnsPolicy !== 'None') {
      const k = policiesKey(policiesSelecting(model, pod));
      let byPolicies = BY_POLICIES.get(memo);
      if (!byPolicies) BY_POLICIES.set(memo, (byPolicies = new Map()));
      group = byPolicies.get(k) ?? {};
      byPolicies.set(k, group);
    }
    let v = group[protocol];
    if (!v) {
      const evals: PodEgress = new Map();
      v = group[protocol] = dnsEgress(model, pod, dns, protocol, evals);
      if (protocol === 'UDP' && v.allowed && group.TCP === undefined && pod.dnsPolicy !== 'None') group.TCP = dnsEgress(model, pod, dns, 'TCP', evals);
    }
    entry[protocol] = v;
    if (protocol === 'UDP' && v.allowed && entry.TCP === undefined && pod.dnsPolicy !== 'None') entry.TCP = group.TCP;
    return v;
  };
}
