// What a kustomize build gives (model/kustomize/build.ts): the objects as each root builds them, and what it reads or cannot see.
import type { ManifestObject, ParsedFile } from '../../parse/parse.ts';
import type { Span } from '../../source.ts';
import type { KustNote, LabelOp } from './read.ts';
import type { Unlisted } from './select.ts';
import type { PlacementStep } from '../types.ts';

/** What one kustomization did to an object: the model's placement step (hover: "placed by ..., namespace ..."). */
export type Step = PlacementStep;

/** A strategic-merge patch object with the text its spans index (inline: the kustomization's string). */
export interface PatchObject {
  obj: ManifestObject;
  text: string;
  /** An inline patch's entry (the file it is written in, the item's span); unset for a patch file. */
  at?: { uri: string; span: Span };
}

/** One object as one root builds it. */
export interface Instance {
  file: ParsedFile;
  obj: ManifestObject;
  name: string;
  /** Set by a namespace transformer; undefined = the object's own (else the default). */
  namespace?: string;
  labels: LabelOp[];
  /** Strategic-merge patch objects that target it, in the order kustomize applies them. */
  patches: PatchObject[];
  /** Innermost kustomization first; the last one is the root. */
  steps: Step[];
}

export interface KustomizeResult {
  instances: Instance[];
  /** Files some build reads (their objects exist only as instances), and files that are never objects (patches). */
  covered: Set<string>;
  /** Notes per kustomization uri: what it asks that NetLens does not model. */
  notes: Map<string, KustNote[]>;
  /** Files applied as strategic-merge patches (partial objects: they state only what they change). */
  patchFiles: Set<string>;
  /**
   * Namespaces where a build places objects NetLens does not see that may run pods (a remote base, a Helm chart, a
   * Flux source outside the workspace, under a namespace transformer), with what brings them: `kustomization
   * apps/argocd`, `Kustomization flux-system/apps`.
   */
  opaque: Map<string, string[]>;
  /**
   * Manifests beside a kustomization that no build lists (uri -> that kustomization's uri): kustomize, Flux and
   * Argo CD apply the folder through its kustomization, so they are never deployed (covered: not in the model).
   * `span`: the first line of the file's first object.
   */
  unlisted: Unlisted;
}

export const EMPTY: KustomizeResult = { instances: [], covered: new Set(), notes: new Map(), patchFiles: new Set(), unlisted: new Map(), opaque: new Map() };

/**
 * Objects a build takes that NetLens does not see, as a build carries them: a namespace transformer above gives
 * them its namespace as it does the instances. `workloads`: they may run pods (else only generated config).
 */
export interface Hidden {
  by: string;
  workloads: boolean;
  namespace?: string;
}
