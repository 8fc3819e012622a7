/**
 * Taint toleration (staging/src/k8s.io/api/core/v1/toleration.go `Toleration.ToleratesTaint`, and
 * component-helpers/scheduling/corev1 `TolerationsTolerateTaint`):
 * 1. a non-empty toleration effect must equal the taint's effect;
 * 2. a non-empty toleration key must equal the taint's key (empty key + Exists tolerates everything);
 * 3. operator "" or Equal: values equal; Exists: any value; Lt/Gt: both values parse as base-10
 *    int64 and taint < toleration (Lt) or taint > toleration (Gt); anything else: not tolerated.
 * Missing string fields are "" as in Go. Malformed tolerations/taints (non-objects) never tolerate.
 */
import { isObjectLike, type OperatorDefinition, own } from "./types.js";

const str = (o: unknown, k: string): string => {
  const v = own(o, k);
  return typeof v === "string" ? v : "";
};

const INT64 = /^[+-]?[0-9]+$/;
const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64); undefined on error. */
function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const v = BigInt(s);
  return v < MIN || v > MAX ? undefined : v;
}

/** One toleration against one taint. */
export function toleratesTaint(toleration: unknown, taint: unknown): boolean {
  if (!isObjectLike(toleration) || !isObjectLike(taint)) return false;
  const effect = str(toleration, "effect");
  if (effect.length > 0 && effect !== str(taint, "effect")) return false;
  const key = str(toleration, "key");
  if (key.length > 0 && key !== str(taint, "key")) return false;
  switch (str(toleration, "operator")) {
    case "":
    case "Equal":
      return str(toleration, "value") === str(taint, "value");
    case "Exists":
      return true;
    case "Lt":
    case "Gt": {
      const t = parseInt64(str(toleration, "value"));
      const n = parseInt64(str(taint, "value"));
      if (t === undefined || n === undefined) return false;
      return str(toleration, "operator") === "Lt" ? n < t : n > t;
    }
    default:
      return false;
  }
}

/** Some toleration in the list (or the single toleration object) tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: unknown, taint: unknown): boolean {
  const list = Array.isArray(tolerations) ? tolerations : isObjectLike(tolerations) ? [tolerations] : [];
  return list.some((t) => toleratesTaint(t, taint));
}

const isTaint = (v: unknown): boolean =>
  isObjectLike(v) && !Array.isArray(v) && typeof own(v, "key") === "string" && typeof own(v, "effect") === "string";

/** toleratesTaint and toleratesAllTaints. */
export const TOLERATION_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: "toleratesTaint",
    description: "some toleration in the fact (a list of tolerations) tolerates the value (a taint)",
    builtin: false,
    evaluate: tolerationsTolerateTaint,
    checkValue: (v) => (isTaint(v) ? undefined : "value must be a taint: {key, value?, effect}"),
  },
  {
    name: "toleratesAllTaints",
    description: "every taint in the value (a list of taints) is tolerated by some toleration in the fact",
    builtin: false,
    evaluate: (a, b) => Array.isArray(b) && b.every((taint) => tolerationsTolerateTaint(a, taint)),
    checkValue: (v) =>
      Array.isArray(v) && v.every(isTaint) ? undefined : "value must be a list of taints: [{key, value?, effect}]",
  },
];
