#!/usr/bin/env node
/**
 * Build-time generator of kubespec's Kubernetes API schemas (run: `node scripts/build-schemas.mjs`).
 *
 * No npm package ships the raw Kubernetes OpenAPI, so the schema of each supported version is
 * derived from two generated clients installed as devDependencies:
 *
 * - `@kubernetes/client-node` (npm aliases k8s-client-1.NN): its OpenAPI-generated models carry an
 *   `attributeTypeMap` (field name → type + format) for every definition, its `.d.ts` marks required
 *   fields (no `?`), and its API classes name the body model of every POST path, which gives the
 *   apiVersion/kind of each resource. The spec version is read from the generated header
 *   ("OpenAPI spec version: v1.32.0" / "release-1.36"), never assumed from the package version.
 * - `kubernetes-models` 5.1.0 (+ @kubernetes-models/apimachinery): its interfaces carry enums
 *   (string-literal unions), quantities (`IIoK8sApimachineryPkgApiResourceQuantity`) and required
 *   fields. These are applied only where the same field exists in the client-node definition.
 *
 * Output: spec/schemas/kubernetes/v1.NN/schema.json, one compact file per version (see
 * engine/validate/k8s-schema.ts for the format and its interpretation). Deterministic: keys sorted.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const CLIENTS = ["k8s-client-1.32", "k8s-client-1.33", "k8s-client-1.34", "k8s-client-1.36"];

/** Extract the JSON array literal assigned to `X.attributeTypeMap = [...]` in a generated model. */
function attributeTypeMap(js) {
  const m = /\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(js);
  if (!m) return undefined;
  return JSON.parse(m[1]);
}

/** Required fields from the generated class declaration: `'name': type;` without `?`. */
function requiredFields(dts) {
  const out = [];
  const re = /^ {4}'([^']+)'(\?)?: /gm;
  for (let m = re.exec(dts); m; m = re.exec(dts)) if (!m[2]) out.push(m[1]);
  return out;
}

/** The compact type of one client-node attribute. */
function compactType(type, format, models) {
  const t = type.trim();
  let m = /^Array<(.*)>$/.exec(t);
  if (m) return `[]${compactType(m[1], "", models)}`;
  m = /^\{ \[key: string\]: (.*); \}$/.exec(t);
  if (m) return `{}${compactType(m[1], "", models)}`;
  switch (t) {
    case "string":
      return format === "byte" ? "byte" : "string";
    case "boolean":
      return "boolean";
    case "number":
      if (format === "int32" || format === "int64") return format;
      return "number";
    case "Date":
    case "V1MicroTime":
      return "date-time";
    case "IntOrString":
      return "int-or-string";
    case "any":
    case "object":
      return "any";
  }
  if (models.has(t)) return `#${t}`;
  throw new Error(`unknown client-node type ${t}`);
}

/** The Kubernetes minor a generated file was generated from ("v1.32.0" or "release-1.36" → "1.32"). */
function headerVersion(js) {
  return /OpenAPI spec version: (?:v|release-)(1\.\d+)/.exec(js)?.[1];
}

function specVersionOf(dir) {
  const v = headerVersion(readFileSync(join(dir, "dist/gen/models/V1ObjectMeta.js"), "utf8"));
  if (!v) throw new Error(`no spec version in ${dir}`);
  return v;
}

/** Model name → kind: strip the optional group prefix and the version (CoreV1Event → Event). */
function kindOf(model) {
  const m = /^(?:[A-Z][a-z0-9]*)*?V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])(.*)$/.exec(model);
  return m ? m[1] : undefined;
}

function loadClient(name) {
  const dir = join(nm, name);
  const version = specVersionOf(dir);
  const modelsDir = join(dir, "dist/gen/models");
  const files = readdirSync(modelsDir)
    .filter((f) => f.endsWith(".js") && !/^(all|ObjectSerializer|index)\.js$/.test(f))
    .sort();
  const raw = new Map();
  for (const f of files) {
    const js = readFileSync(join(modelsDir, f), "utf8");
    // The packages keep stale files of earlier generations (removed APIs): use only this version's.
    if (headerVersion(js) !== version) continue;
    const attrs = attributeTypeMap(js);
    if (!attrs) continue;
    const model = f.slice(0, -3);
    raw.set(model, { attrs, required: requiredFields(readFileSync(join(modelsDir, `${model}.d.ts`), "utf8")) });
  }
  const models = new Set(raw.keys());
  const definitions = {};
  for (const [model, { attrs, required }] of raw) {
    const f = {};
    for (const a of attrs) f[a.baseName] = compactType(a.type, a.format, models);
    // The .d.ts uses the TS property name; map it back to the wire name.
    const byName = new Map(attrs.map((a) => [a.name, a.baseName]));
    const r = required.map((n) => byName.get(n) ?? n).filter((n) => n in f);
    definitions[model] = { f, ...(r.length ? { r: r.sort() } : {}) };
  }
  // Kinds: the body model of every POST to /api/v1/... or /apis/GROUP/VERSION/...
  const kinds = {};
  const apisDir = join(dir, "dist/gen/apis");
  for (const f of readdirSync(apisDir)
    .filter((x) => x.endsWith(".js"))
    .sort()) {
    // API files carry no version header; a stale one names a stale (excluded) model, so it adds nothing.
    const js = readFileSync(join(apisDir, f), "utf8");
    const re =
      /const localVarPath = '(\/apis?\/[^']*)'[\s\S]*?HttpMethod\.(\w+)\)[\s\S]*?(?:ObjectSerializer\.serialize\(body, "(\w+)"|async \w+\()/g;
    for (let m = re.exec(js); m; m = re.exec(js)) {
      // Subresource bodies (pods/{name}/eviction, .../token) belong to another group: skip them.
      if (m[2] !== "POST" || !m[3] || m[1].includes("{name}")) continue;
      const model = m[3];
      const def = definitions[model];
      if (!def || !("apiVersion" in def.f) || !("kind" in def.f)) continue;
      const p = m[1].split("/");
      const apiVersion = p[1] === "api" ? p[2] : `${p[2]}/${p[3]}`;
      const kind = kindOf(model);
      if (!kind) continue;
      kinds[apiVersion] ??= {};
      kinds[apiVersion][kind] = model;
    }
  }
  return {
    name,
    package: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version,
    version,
    definitions,
    kinds,
  };
}

/** Parse kubernetes-models interfaces: full definition name → {fields: name → {type, optional}}. */
function loadKubernetesModels() {
  const out = new Map();
  const roots = [join(nm, "kubernetes-models"), join(nm, "@kubernetes-models/apimachinery")];
  const walk = (d) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) {
        if (ent.name !== "_schemas" && ent.name !== "node_modules" && ent.name !== "runtime") walk(p);
      } else if (ent.name.endsWith(".d.ts") && ent.name !== "index.d.ts") parseKm(readFileSync(p, "utf8"), out);
    }
  };
  for (const r of roots) walk(r);
  return out;
}

function parseKm(dts, out) {
  const alias = /export type \{ I(\w+) as I(IoK8s\w+)/.exec(dts);
  if (!alias) return;
  const [, local, full] = alias;
  const body = new RegExp(`export interface I${local} \\{\\n([\\s\\S]*?)\\n\\}`).exec(dts);
  if (!body) return;
  const fields = {};
  const lines = body[1].split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {4}"([^"]+)"(\?)?: (.*)$/.exec(lines[i]);
    if (!m) continue;
    let type = m[3];
    const depth = (x) => (x.match(/[{<(]/g) ?? []).length - (x.match(/[}>)]/g) ?? []).length;
    while ((depth(type) > 0 || !type.endsWith(";")) && i + 1 < lines.length) type += ` ${lines[++i].trim()}`;
    fields[m[1]] = { type: type.replace(/;$/, "").replace(/\s+/g, " ").trim(), optional: Boolean(m[2]) };
  }
  out.set(full, fields);
}

const QUANTITY = "IIoK8sApimachineryPkgApiResourceQuantity";

/** Candidate client-node names for a kubernetes-models definition name. */
function clientNamesFor(full) {
  if (full === "IoK8sApimachineryPkgApiResourceQuantity") return [];
  let m = /^IoK8sApimachineryPkgApisMeta(V\d+\w*)$/.exec(full);
  if (m) return [m[1]];
  m = /^IoK8sApi([A-Z][a-z]+)(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(full);
  if (m) return [`${m[1]}${m[2]}${m[3]}`, `${m[2]}${m[3]}`];
  m = /^IoK8sKubeAggregatorPkgApisApiregistration(V\d+\w*)$/.exec(full);
  if (m) return [`Apiregistration${m[1]}`, m[1]];
  m = /^IoK8sApiextensionsApiserverPkgApisApiextensions(V\d+\w*)$/.exec(full);
  if (m) return [`Apiextensions${m[1]}`, m[1]];
  return [];
}

/** Apply kubernetes-models facts (quantity, enum, required) to the client-node definitions. */
function merge(client, km) {
  const stats = { matchedDefinitions: 0, quantities: 0, enums: 0, required: 0 };
  for (const [full, kmFields] of km) {
    const name = clientNamesFor(full).find((n) => n in client.definitions);
    if (!name) continue;
    stats.matchedDefinitions++;
    const def = client.definitions[name];
    const req = new Set(def.r ?? []);
    for (const [field, { type, optional }] of Object.entries(kmFields)) {
      const ct = def.f[field];
      if (ct === undefined) continue;
      if (type === QUANTITY && ct === "string") {
        def.f[field] = "quantity";
        stats.quantities++;
      } else if (type === `{ [key: string]: ${QUANTITY}; }` && ct === "{}string") {
        def.f[field] = "{}quantity";
        stats.quantities++;
      } else if (ct === "string" && /^"[^"]*"( \| "[^"]*")+$|^"[^"]*"$/.test(type)) {
        def.e ??= {};
        def.e[field] = [...type.matchAll(/"([^"]*)"/g)].map((x) => x[1]).sort();
        stats.enums++;
      }
      if (!optional && !req.has(field)) {
        req.add(field);
        stats.required++;
      }
    }
    if (req.size) def.r = [...req].sort();
  }
  return stats;
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

/** `--out DIR` writes elsewhere (the drift test compares that output with the committed files). */
const outArg = process.argv.indexOf("--out");
const outRoot = outArg > 0 ? process.argv[outArg + 1] : join(root, "spec/schemas/kubernetes");

const kmVersion = JSON.parse(readFileSync(join(nm, "kubernetes-models/package.json"), "utf8")).version;
const km = loadKubernetesModels();
for (const c of CLIENTS) {
  const client = loadClient(c);
  const stats = merge(client, km);
  const out = sortKeys({
    kubernetesVersion: client.version,
    sources: {
      fields: `@kubernetes/client-node ${client.package} (OpenAPI ${client.version})`,
      enumsQuantitiesRequired: `kubernetes-models ${kmVersion}`,
    },
    kinds: client.kinds,
    definitions: client.definitions,
  });
  const dir = join(outRoot, `v${client.version}`);
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(out)}\n`;
  writeFileSync(join(dir, "schema.json"), text);
  const kindCount = Object.values(client.kinds).reduce((n, k) => n + Object.keys(k).length, 0);
  console.log(
    `v${client.version} from ${c}@${client.package}: ${Object.keys(client.definitions).length} definitions, ${kindCount} kinds, ${(text.length / 1024).toFixed(0)} KiB; kubernetes-models: ${JSON.stringify(stats)}`,
  );
}
