// Kubernetes' CEL `format` library on @bufbuild/cel: `format.<name>()` and `format.named(name)` give a Format,
// `<Format>.validate(s)` gives optional.none() when s is valid, else optional.of(the error strings); with the
// optional functions these need (`optional.of/none/ofNonZeroValue`, `hasValue`, `value`, `orValue`, `or`).
// @bufbuild/cel has no opaque or optional values, so both are maps with a reserved key; the API server's type
// checker keeps installed rules from using them as maps, and the rules NetLens evaluates were accepted by it.
import type { CelFunc, CelInput, CelValue } from '@bufbuild/cel';
import { celLib } from './cel-lib.ts';
import { NAMED_FORMATS } from './k8s-formats.ts';

const FORMAT_KEY = '@k8s.format';
const OPTIONAL_KEY = '@optional';

const formatValue = (name: string): CelInput => new Map<string, CelInput>([[FORMAT_KEY, name]]);
const none = (): CelInput => new Map<string, CelInput>([[OPTIONAL_KEY, false]]);
const of = (v: CelInput): CelInput => new Map<string, CelInput>([[OPTIONAL_KEY, true], ['value', v]]);

function formatName(v: CelValue): string | undefined {
  const name = celLib().cel.isCelMap(v) ? v.get(FORMAT_KEY) : undefined;
  return typeof name === 'string' && Object.hasOwn(NAMED_FORMATS, name) ? name : undefined;
}

function optional(v: CelValue): { has: boolean; value: CelValue | undefined } | undefined {
  if (!celLib().cel.isCelMap(v)) return undefined;
  const has = v.get(OPTIONAL_KEY);
  return typeof has === 'boolean' ? { has, value: v.get('value') } : undefined;
}

/** CEL's zero values (for optional.ofNonZeroValue). */
function isZero(v: CelValue): boolean {
  const { isCelList, isCelMap } = celLib().cel;
  if (v === null || v === false || v === '' || v === 0 || v === 0n) return true;
  if (v instanceof Uint8Array) return v.length === 0;
  if (isCelList(v)) return v.size === 0;
  if (isCelMap(v)) return v.size === 0 && !optional(v);
  return false;
}

/** Nothing of it reaches the API server: an error here (a misuse) makes the rule unjudged, never a false error. */
function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`no such overload: ${what}`);
  return v;
}

/** The library's functions, built with the CEL environment (validate/cel.ts). */
export function formatFuncs(): readonly CelFunc[] {
  const { celFunc, celMethod, CelScalar } = celLib().cel;
  const DYN = CelScalar.DYN;
  return [
    ...Object.keys(NAMED_FORMATS).map((name) => celFunc(`format.${name}`, [], DYN, () => formatValue(name))),
    celFunc('format.named', [CelScalar.STRING], DYN, (name) => (Object.hasOwn(NAMED_FORMATS, name) ? of(formatValue(name)) : none())),
    celMethod('validate', DYN, [CelScalar.STRING], DYN, function (s) {
      const name = need(formatName(this), 'validate');
      const errs = (NAMED_FORMATS[name] as (s: string) => string[])(s);
      return errs.length === 0 ? none() : of(errs);
    }),
    celFunc('optional.none', [], DYN, none),
    celFunc('optional.of', [DYN], DYN, (v) => of(v as CelInput)),
    celFunc('optional.ofNonZeroValue', [DYN], DYN, (v) => (isZero(v) ? none() : of(v as CelInput))),
    celMethod('hasValue', DYN, [], CelScalar.BOOL, function () {
      return need(optional(this), 'hasValue').has;
    }),
    celMethod('value', DYN, [], DYN, function () {
      const o = need(optional(this), 'value');
      if (!o.has) throw new Error('optional.none() dereference');
      return o.value as CelInput;
    }),
    celMethod('orValue', DYN, [DYN], DYN, function (d) {
      const o = need(optional(this), 'orValue');
      return (o.has ? o.value : d) as CelInput;
    }),
    celMethod('or', DYN, [DYN], DYN, function (other) {
      const o = need(optional(this), 'or');
      return (o.has ? this : other) as CelInput;
    }),
  ];
}
