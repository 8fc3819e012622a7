/**
 * Correctness facts about ConfigMaps, Secrets and Ingresses, mirroring kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go (ValidateConfigMap, ValidateSecret) and
 * pkg/apis/networking/validation/validation.go (validateHTTPIngressPath).
 */
import { escapePointerSegment } from "../../../model/pointer.js";
import { child, list, obj, str } from "./access.js";
import type { Extractor, FactContext, Finding } from "./types.js";

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** apimachinery IsConfigMapKey: at most 253 of [-._a-zA-Z0-9], not "." or "..", not starting with "..". */
export function configMapKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 253) return "must be 1 to 253 characters";
  if (!CONFIG_KEY.test(key)) return "must consist of alphanumeric characters, '-', '_' or '.'";
  if (key === ".") return "must not be '.'";
  if (key === "..") return "must not be '..'";
  if (key.startsWith("..")) return "must not start with '..'";
  return undefined;
}

function keysOf(ctx: FactContext, maps: readonly string[]): Array<{ pointer: string; key: string; map: string }> {
  const out: Array<{ pointer: string; key: string; map: string }> = [];
  for (const m of maps) {
    for (const key of Object.keys(child(ctx.object, m) ?? {}))
      out.push({ pointer: `/${m}/${escapePointerSegment(key)}`, key, map: m });
  }
  return out;
}

/** ValidateConfigMap / ValidateSecret: valid keys, and no key in both data and binaryData (ConfigMap). */
function badDataKeys(ctx: FactContext): Finding[] {
  const maps = ctx.kind === "ConfigMap" ? ["data", "binaryData"] : ctx.kind === "Secret" ? ["data", "stringData"] : [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const k of keysOf(ctx, maps)) {
    const problem = configMapKeyProblem(k.key);
    if (problem) out.push({ pointer: k.pointer, key: k.key, problem });
    else if (ctx.kind === "ConfigMap" && seen.has(k.key))
      out.push({ pointer: k.pointer, key: k.key, problem: "duplicate of a key present in data" });
    seen.add(k.key);
  }
  return out;
}

/** ValidateSecret: the keys (in data or stringData) and annotations each built-in Secret type requires. */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes.io/dockercfg": [".dockercfg"],
  "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
  "kubernetes.io/ssh-auth": ["ssh-privatekey"],
  "kubernetes.io/tls": ["tls.crt", "tls.key"],
};

function secretTypeProblems(ctx: FactContext): Finding[] {
  if (ctx.kind !== "Secret") return [];
  const type = str(ctx.object, "type") ?? "Opaque";
  const keys = new Set(keysOf(ctx, ["data", "stringData"]).map((k) => k.key));
  const at = str(ctx.object, "type") !== undefined ? "/type" : "";
  const out: Finding[] = [];
  for (const k of REQUIRED_KEYS[type] ?? []) {
    if (!keys.has(k)) out.push({ pointer: at, type, problem: `data[${k}] is required` });
  }
  if (type === "kubernetes.io/basic-auth" && !keys.has("username") && !keys.has("password")) {
    out.push({ pointer: at, type, problem: "either username or password is required" });
  }
  if (type === "kubernetes.io/service-account-token") {
    const annotations = child(child(ctx.object, "metadata"), "annotations") ?? {};
    if (!str(annotations, "kubernetes.io/service-account.name")) {
      out.push({ pointer: at, type, problem: "metadata.annotations[kubernetes.io/service-account.name] is required" });
    }
  }
  return out;
}

const BAD_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];

/** validateHTTPIngressPath: Exact/Prefix paths are absolute, without "//", "/./", "/../", "%2f" or a trailing "/." or "/..". */
function badIngressPaths(ctx: FactContext): Finding[] {
  if (ctx.kind !== "Ingress") return [];
  const out: Finding[] = [];
  list(child(ctx.object, "spec"), "rules").forEach((r, i) => {
    list(child(r, "http"), "paths").forEach((p, j) => {
      const path = str(obj(p), "path");
      const type = str(obj(p), "pathType") ?? "";
      const pointer = `/spec/rules/${i}/http/paths/${j}/path`;
      if (path === undefined) {
        if (type === "Exact" || type === "Prefix") out.push({ pointer, path: "", problem: "must be an absolute path" });
        return;
      }
      if (type === "Exact" || type === "Prefix") {
        if (!path.startsWith("/")) out.push({ pointer, path, problem: "must be an absolute path" });
        else {
          const bad = BAD_PATH_SEQUENCES.find((s) => path.includes(s));
          if (bad) out.push({ pointer, path, problem: `must not contain '${bad}'` });
          else if (path.endsWith("/..") || path.endsWith("/."))
            out.push({ pointer, path, problem: "must not end with '/..' or '/.'" });
        }
      } else if (path !== "" && !path.startsWith("/")) {
        out.push({ pointer, path, problem: "must be an absolute path" });
      }
    });
  });
  return out;
}

/** ConfigMap, Secret and Ingress correctness facts by name. */
export const CONFIG_FACTS: Readonly<Record<string, Extractor>> = {
  badDataKeys,
  secretTypeProblems,
  badIngressPaths,
};
