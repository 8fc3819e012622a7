/** `kubespec validate [PATH|-]...`: strict schema checks and rule packs, with file:line:column on every finding. */
import { collectInputs, type InputFile } from "../io/inputs.js";
import { packageVersion } from "../io/paths.js";
import {
  compareDiagnostics,
  type Diagnostic,
  DiagnosticError,
  SEVERITY_RANK,
  type Severity,
} from "../model/diagnostic.js";
import { DEFAULT_VERSION, SUPPORTED_VERSIONS } from "../model/versions.js";
import { formatDiagnosticsText } from "../report/diagnostics-text.js";
import { formatGithubAnnotations, formatGithubSummary } from "../report/validate-github.js";
import { formatValidateJson } from "../report/validate-json.js";
import { formatValidateJunit } from "../report/validate-junit.js";
import { formatValidateSarif } from "../report/validate-sarif.js";
import { summaryLine } from "../report/validate-summary.js";
import { formatTextGroups } from "../report/validate-text.js";
import { compileRuleSets, loadRuleSets } from "../rules/index.js";
import { crdVersions } from "../validate/crd.js";
import { type PackChecker, validateFiles, validateFilesAsync, validateStream } from "../validate/index.js";
import { loadText } from "../validate/load.js";
import { checkDocument, defaultPacks, type LoadedPacks, listPacks, loadPacks } from "../validate/packs/index.js";
import { extractorsFor, factsOfRule } from "../validate/packs/runner.js";
import {
  defaultThreads,
  PARALLEL_MIN_FILES,
  validateFilesParallel,
  validateStreamParallel,
  workerPorts,
} from "../validate/parallel/pool.js";
import type { WorkerSpec } from "../validate/parallel/protocol.js";
import { referenceChecker } from "../validate/reference.js";
import { Validator, type ValidatorOptions } from "../validate/validator.js";
import { type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, oneOf, parseCommandArgs, UsageError } from "./command.js";
import type { CliIO } from "./io.js";

const OUTPUTS = ["text", "json", "sarif", "junit", "github"] as const;
const SEVERITIES = ["error", "warning", "info"] as const;

const HELP = `Usage: kubespec validate [PATH|-]... [options]

Validate Kubernetes manifests (files, directories of .yaml/.yml/.json, or - for stdin) against the
API schema of the selected Kubernetes version and the selected rule packs. Every finding has a
rule id and an exact file:line:column.

Options:
  --kubernetes-version V   schema and rules of Kubernetes V (${SUPPORTED_VERSIONS.join(", ")}; default ${DEFAULT_VERSION})
  --strict / --no-strict   unknown fields are errors (default: strict)
  --no-schema              skip schema validation (packs only)
  --pack NAME              run this pack (repeatable; default: the packs marked default)
  --rules FILE             also run the rule sets in FILE (repeatable; files or directories)
  --skip RULE_ID           never report this rule (or every rule under a prefix, e.g. schema) (repeatable)
  --crd FILE               CustomResourceDefinitions to validate custom resources with (repeatable)
  -o, --output FORMAT      text | json | sarif | junit | github (default text)
  --fail-on SEVERITY       exit 1 when a finding is at least: error | warning | info (default error)
  --engine ENGINE          compiled (default) | reference (json-rules-engine itself; slow, for debugging rules)
  --threads N              worker threads for inputs of ${PARALLEL_MIN_FILES} files or more (default: one per core, at
                           most 4; 0 = validate on the main thread only); the output is the same either way

Per object: the annotation kubespec.io/ignore: "rule-id,other-rule" suppresses those rules.
Custom resources without a CustomResourceDefinition are reported as skipped (info).
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or nothing readable.
`;

const OPTIONS = {
  "kubernetes-version": { type: "string" },
  strict: { type: "boolean" },
  "no-strict": { type: "boolean" },
  "no-schema": { type: "boolean" },
  pack: { type: "string", multiple: true },
  rules: { type: "string", multiple: true },
  skip: { type: "string", multiple: true },
  crd: { type: "string", multiple: true },
  output: { type: "string", short: "o" },
  "fail-on": { type: "string" },
  engine: { type: "string" },
  threads: { type: "string" },
} as const;

/** --threads: a whole number from 0 (main thread only) to 64; default one per core, at most 4. */
function parseThreads(v: string | undefined): number {
  if (v === undefined) return defaultThreads();
  if (!/^\d+$/.test(v) || Number(v) > 64)
    throw new UsageError(`--threads must be a whole number from 0 to 64, not "${v}"`);
  return Number(v);
}

/** "1.36", "v1.36" or "1.36.2" → "1.36" when supported; otherwise a usage error listing the supported ones. */
export function resolveVersion(v: string | undefined): string {
  if (v === undefined) return DEFAULT_VERSION;
  const m = /^v?(1\.\d+)(?:\.\d+)?$/.exec(v);
  if (m && (SUPPORTED_VERSIONS as readonly string[]).includes(m[1]!)) return m[1]!;
  throw new UsageError(
    `unsupported --kubernetes-version "${v}": kubespec ships the API schemas of ${SUPPORTED_VERSIONS.join(", ")}`,
  );
}

function usage(file: string, message: string, fix: string): DiagnosticError {
  return new DiagnosticError([{ ruleId: "usage", severity: "error", message, file, line: 1, column: 1, fix }]);
}

/** CRD objects from --crd files; a file that is unreadable, broken or holds no CRD is a usage error. */
function loadCrdFiles(paths: readonly string[], io: CliIO, version: string): unknown[] {
  const out: unknown[] = [];
  if (paths.length === 0) return out;
  const { files, unreadable } = collectInputs(paths, () => io.stdin());
  if (unreadable.length) throw new DiagnosticError(unreadable);
  for (const p of paths) {
    if (p !== "-" && collectInputs([p]).files.length === 0) {
      throw usage(
        p,
        `${p} is a directory holding no .yaml, .yml or .json files, so no CRD`,
        "pass a directory that holds CustomResourceDefinition files, or the CRD files themselves",
      );
    }
  }
  for (const f of files) {
    const loaded = loadText(f.read(), f.name);
    if (loaded.diagnostics.length) throw new DiagnosticError(loaded.diagnostics);
    const crdDocs = loaded.documents.filter((d) => crdVersions(d.value).length > 0);
    const crds = crdDocs.map((d) => d.value);
    // A CRD whose schema is malformed (e.g. `type: 5`) would validate nothing: refuse it where it is wrong.
    const check = new Validator({ kubernetesVersion: version, strict: false, schema: true, retainResults: false });
    for (const d of crdDocs) check.addDocument(d);
    check.finish();
    const broken = check.diagnostics.filter((d) => d.severity === "error");
    if (broken.length) throw new DiagnosticError(broken);
    if (crds.length === 0) {
      throw usage(
        f.name,
        `${f.name} holds no CustomResourceDefinition (apiextensions.k8s.io/v1)`,
        "pass CRD files with --crd",
      );
    }
    out.push(...crds);
  }
  return out;
}

/** The packs to run plus any --rules files, as one checker (undefined when there is nothing to run). */
function buildChecker(
  packNames: string[] | undefined,
  rulesFiles: readonly string[],
  version: string,
  engine: "compiled" | "reference",
): PackChecker | undefined {
  const loaded: LoadedPacks[] = [loadPacks(packNames ?? defaultPacks(), version)];
  if (rulesFiles.length) {
    const ruleSets = loadRuleSets(rulesFiles, {
      knownFacts: {
        has: (f) => extractorsFor([f])[0]?.[1] !== undefined,
        listedIn: "engine/validate/packs/facts/registry.ts",
      },
    });
    const facts = new Set<string>();
    for (const rs of ruleSets) for (const r of rs.spec.rules) for (const f of factsOfRule(r)) facts.add(f);
    loaded.push({
      names: ["--rules"],
      kubernetesVersion: version,
      compiled: [compileRuleSets(ruleSets, { kubernetesVersion: version })],
      facts: extractorsFor(facts),
      sets: loaded[0]?.sets ?? new Map(),
    });
  }
  if (loaded.length === 0) return undefined;
  if (engine === "reference") return referenceChecker(loaded);
  return { check: (doc) => loaded.flatMap((p) => checkDocument(p, doc)) };
}

function atOrAbove(ds: readonly Diagnostic[], failOn: Severity): boolean {
  const min = SEVERITY_RANK[failOn];
  return ds.some((d) => SEVERITY_RANK[d.severity] >= min);
}

function nothingReadable(ds: readonly Diagnostic[], io: CliIO): number {
  io.stderr(formatDiagnosticsText(ds));
  io.stderr("kubespec validate: nothing readable was given\n");
  return EXIT_USAGE;
}

/**
 * Text and github output stream file by file (findings of a file as soon as it is validated;
 * memory does not grow with the number of files), then the summary. Files come in input order
 * (directories sorted); custom resources whose CRD came later are reported at the end.
 */
async function streamed(
  files: readonly InputFile[],
  unreadable: readonly Diagnostic[],
  options: ValidatorOptions,
  output: "text" | "github",
  failOn: Severity,
  io: CliIO,
  parallel: WorkerSpec | undefined,
  threads: number,
): Promise<number> {
  const format = output === "text" ? formatTextGroups : formatGithubAnnotations;
  let failing = atOrAbove(unreadable, failOn);
  if (unreadable.length) io.stdout(format(unreadable));
  const sink = (ds: Diagnostic[]): void => {
    if (ds.length === 0) return;
    if (atOrAbove(ds, failOn)) failing = true;
    io.stdout(format(ds));
  };
  const result = parallel
    ? await validateStreamParallel(files, options, workerPorts({ ...parallel, retainResults: false }, threads), sink)
    : validateStream(files, options, sink);
  const summary = { ...result, errors: result.errors + unreadable.length };
  io.stdout(output === "text" ? `${summaryLine(summary)}\n` : formatGithubSummary(summary));
  if (files.length === result.unreadable && files.length > 0) {
    io.stderr("kubespec validate: nothing readable was given\n");
    return EXIT_USAGE;
  }
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  const version = resolveVersion(values["kubernetes-version"]);
  const output = oneOf("output", values.output, OUTPUTS, "text");
  const failOn = oneOf("fail-on", values["fail-on"], SEVERITIES, "error");
  const engine = oneOf("engine", values.engine, ["compiled", "reference"] as const, "compiled");
  if (values.strict && values["no-strict"]) throw new UsageError("--strict and --no-strict contradict each other");
  if (positionals.length === 0) throw new UsageError("give at least one PATH (file or directory) or - for stdin");
  if (values.pack) {
    const known = listPacks();
    const bad = values.pack.filter((p) => !known.includes(p));
    if (bad.length) throw new UsageError(`unknown pack "${bad[0]}"; known packs: ${known.join(", ")}`);
  }
  const crds = loadCrdFiles(values.crd ?? [], io, version);
  const packs = buildChecker(values.pack, values.rules ?? [], version, engine);
  const { files, unreadable } = collectInputs(positionals, () => io.stdin());
  const runOptions = {
    kubernetesVersion: version,
    strict: !values["no-strict"],
    schema: !values["no-schema"],
    ...(packs ? { packs } : {}),
    skip: values.skip ?? [],
    crds,
  };
  if (files.length === 0 && unreadable.length > 0) return nothingReadable(unreadable, io);
  // Worker threads for large inputs from disk, when every check can be rebuilt in a worker from
  // plain data (built-in packs; not --rules, --engine reference or standard input).
  const threads = parseThreads(values.threads);
  const parallel: WorkerSpec | undefined =
    engine === "compiled" &&
    threads > 0 &&
    files.length >= PARALLEL_MIN_FILES &&
    !(positionals as string[]).includes("-") &&
    (values.rules ?? []).length === 0
      ? {
          kubernetesVersion: version,
          strict: runOptions.strict,
          schema: runOptions.schema,
          packs: values.pack ?? defaultPacks(),
          skip: runOptions.skip,
          retainResults: true,
        }
      : undefined;
  if (engine === "compiled" && (output === "text" || output === "github")) {
    return streamed(files, unreadable, runOptions, output, failOn, io, parallel, threads);
  }
  const result =
    engine === "reference"
      ? await validateFilesAsync(files, runOptions)
      : parallel
        ? await validateFilesParallel(files, runOptions, workerPorts(parallel, threads))
        : validateFiles(files, runOptions);
  const diagnostics = [...unreadable, ...result.diagnostics];
  if (files.length === result.unreadable && unreadable.length + result.unreadable > 0) {
    return nothingReadable(
      diagnostics.filter((d) => d.ruleId === "input-unreadable"),
      io,
    );
  }
  const summary = { ...result.summary, errors: result.summary.errors + unreadable.length };
  const sorted = unreadable.length ? [...diagnostics].sort(compareDiagnostics) : diagnostics;
  switch (output) {
    case "json":
      io.stdout(formatValidateJson(sorted, summary));
      break;
    case "sarif":
      io.stdout(formatValidateSarif(sorted, { toolVersion: packageVersion() }));
      break;
    case "junit":
      io.stdout(
        formatValidateJunit([
          ...unreadable.map((d) => ({
            file: d.file,
            index: -1,
            objectRef: {},
            status: "error" as const,
            diagnostics: [d],
          })),
          ...result.results,
        ]),
      );
      break;
    case "github":
      io.stdout(`${formatGithubAnnotations(sorted)}${formatGithubSummary(summary)}`);
      break;
    default:
      io.stdout(`${formatTextGroups(sorted)}${summaryLine(summary)}\n`);
  }
  return atOrAbove(sorted, failOn) ? EXIT_FINDINGS : EXIT_OK;
}

export const validateCommand: Command = {
  name: "validate",
  summary: "Validate manifests: strict schema checks and rule packs, with file:line:column on every finding",
  help: HELP,
  run,
};
