/**
 * Correctness facts about pod scheduling fields, mirroring kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go (ValidateTolerations, validateTopologySpreadConstraints,
 * ValidatePodSpec → ValidateNodeSelector labels).
 */
import { list, num, obj, prop, str } from "./access.js";
import { labelValueProblem, qualifiedNameProblem } from "./names.js";
import { memberPointer } from "./pod-target.js";
import type { Extractor, FactContext, Finding } from "./types.js";

const TAINT_EFFECTS = new Set(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

/** ValidateTolerations: key, operator/value, effect and tolerationSeconds consistency. */
function badTolerations(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const out: Finding[] = [];
  list(pod.spec, "tolerations").forEach((t, i) => {
    const base = `${pod.specPointer}/tolerations/${i}`;
    const key = str(t, "key") ?? "";
    const operator = str(t, "operator") ?? "";
    const value = str(t, "value") ?? "";
    const effect = str(t, "effect") ?? "";
    if (key !== "") {
      const p = qualifiedNameProblem(key);
      if (p) out.push({ pointer: `${base}/key`, problem: `key ${p}` });
    } else if (operator !== "Exists") {
      out.push({
        pointer: `${base}/operator`,
        problem: 'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      });
    }
    if (prop(t, "tolerationSeconds") !== undefined && prop(t, "tolerationSeconds") !== null && effect !== "NoExecute") {
      out.push({ pointer: `${base}/effect`, problem: "effect must be 'NoExecute' when `tolerationSeconds` is set" });
    }
    if (operator === "" || operator === "Equal") {
      const p = labelValueProblem(value);
      if (p) out.push({ pointer: `${base}/value`, problem: `value ${p}` });
    } else if (operator === "Exists") {
      if (value !== "")
        out.push({ pointer: `${base}/value`, problem: "value must be empty when `operator` is 'Exists'" });
    } else {
      out.push({ pointer: `${base}/operator`, problem: `operator "${operator}" is not supported (Equal or Exists)` });
    }
    if (effect !== "" && !TAINT_EFFECTS.has(effect)) {
      out.push({
        pointer: `${base}/effect`,
        problem: `effect "${effect}" is not supported (NoSchedule, PreferNoSchedule or NoExecute)`,
      });
    }
  });
  return out;
}

const WHEN_UNSATISFIABLE = new Set(["DoNotSchedule", "ScheduleAnyway"]);

/** validateTopologySpreadConstraints: maxSkew > 0, known whenUnsatisfiable, minDomains only with DoNotSchedule, unique pairs. */
function badTopologySpread(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const out: Finding[] = [];
  const pairs = new Set<string>();
  list(pod.spec, "topologySpreadConstraints").forEach((t, i) => {
    const c = obj(t);
    if (!c) return;
    const base = `${pod.specPointer}/topologySpreadConstraints/${i}`;
    const maxSkew = num(c, "maxSkew");
    if (maxSkew !== undefined && maxSkew <= 0)
      out.push({ pointer: `${base}/maxSkew`, problem: "maxSkew must be greater than zero" });
    const key = str(c, "topologyKey") ?? "";
    const keyProblem = key === "" ? "topologyKey is required" : qualifiedNameProblem(key);
    if (keyProblem) out.push({ pointer: `${base}/topologyKey`, problem: keyProblem });
    const when = str(c, "whenUnsatisfiable") ?? "";
    if (!WHEN_UNSATISFIABLE.has(when)) {
      out.push({
        pointer: `${base}/whenUnsatisfiable`,
        problem: `whenUnsatisfiable "${when}" is not supported (DoNotSchedule or ScheduleAnyway)`,
      });
    }
    const minDomains = num(c, "minDomains");
    if (minDomains !== undefined) {
      if (minDomains <= 0) out.push({ pointer: `${base}/minDomains`, problem: "minDomains must be greater than zero" });
      else if (when !== "DoNotSchedule")
        out.push({
          pointer: `${base}/minDomains`,
          problem: "can only use minDomains if whenUnsatisfiable=DoNotSchedule",
        });
    }
    const pair = `${key}/${when}`;
    if (pairs.has(pair))
      out.push({ pointer: base, problem: `duplicate topologyKey and whenUnsatisfiable pair ${key}, ${when}` });
    pairs.add(pair);
  });
  return out;
}

/** ValidatePodSpec: nodeSelector keys and values follow label syntax (ValidateLabels). */
function badNodeSelector(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  const ns = obj(prop(pod?.spec, "nodeSelector"));
  if (!pod || !ns) return [];
  const out: Finding[] = [];
  for (const [k, v] of Object.entries(ns)) {
    const problem =
      qualifiedNameProblem(k) ?? (typeof v === "string" ? labelValueProblem(v) : "value must be a string");
    if (problem)
      out.push({
        pointer: memberPointer(`${pod.specPointer}/nodeSelector`, k),
        problem: `nodeSelector ${k}: ${problem}`,
      });
  }
  return out;
}

/** Pod scheduling correctness facts by name. */
export const SCHEDULING_FACTS: Readonly<Record<string, Extractor>> = {
  badTolerations,
  badTopologySpread,
  badNodeSelector,
};
