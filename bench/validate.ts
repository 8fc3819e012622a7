/**
 * `npm run bench -- validate [--corpus DIR] [--rounds N] [--large-docs N]`
 *
 * 1. The shared corpus (../shared/corpus): every file read from disk and parsed, then kubespec
 *    (strict schema + the default packs) and, in the same process, the peer: js-yaml +
 *    kubernetes-models' compiled validators (@kubernetes-models/validate; schema only, not strict).
 *    One warm-up round each (kubespec compiles its validators on first use; the peer imports its
 *    precompiled modules), then N timed rounds, interleaved; docs/s is over the timed rounds. Cold
 *    first-round times are reported too, and kubespec schema-only (strict, no packs) as the
 *    like-for-like comparison.
 *    `ratio` compares kubespec in its default configuration with the peer (one thread, its only
 *    mode): the CLI uses worker threads only for inputs of at least PARALLEL_MIN_FILES files, so
 *    on the corpus the default is one thread. `ratio_workers` is kubespec forced onto the main
 *    thread plus defaultThreads() workers (engine/validate/parallel), `threads` says which. Besides
 *    wall-clock rates, the CPU time (all threads) of each side
 *    per round is reported (`cpu_ratio` = peer CPU / kubespec CPU): on a shared, loaded machine the
 *    wall clock also counts time spent waiting for other processes.
 * 2. A generated large corpus (≥ 50,000 documents in many files in a temp dir, copies of the
 *    corpus's built-in objects with fresh names) validated by the streaming API in a child process
 *    that loads kubespec only, so its peak RSS is kubespec's own (the parent's peak includes the
 *    peer's models and both sides' warm caches): per-document rate and heap after 20% and after
 *    100% of the files (flat when memory does not grow with files).
 * Last line: {"bench":"validate","docs":…,"kubespec_docs_per_s":…,"peer_docs_per_s":…,"ratio":…,"peak_rss_mb":…, …}
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import jsyaml from "js-yaml";
import { collectInputs, type InputFile } from "../engine/io/inputs.js";
import { DEFAULT_VERSION } from "../engine/model/versions.js";
import { validateFiles } from "../engine/validate/index.js";
import { checkDocument, defaultPacks, loadPacks } from "../engine/validate/packs/index.js";
import {
  closeWorkers,
  defaultThreads,
  PARALLEL_MIN_FILES,
  validateFilesParallel,
  validateStreamParallel,
  workerPorts,
} from "../engine/validate/parallel/pool.js";
import type { WorkerSpec } from "../engine/validate/parallel/protocol.js";
import type { ValidatorOptions } from "../engine/validate/validator.js";

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    corpus: { type: "string" },
    rounds: { type: "string" },
    "large-docs": { type: "string" },
    /** Internal: validate this generated directory only (the child process of part 2). */
    "large-only": { type: "string" },
  },
});
const CORPUS = values.corpus ?? fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
const ROUNDS = Number(values.rounds ?? 5);
const LARGE_DOCS = Number(values["large-docs"] ?? 50_000);

// A full collection before each heap reading, so the figures are live memory, not garbage.
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function liveHeapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1048576;
}

type ModelClass = { apiVersion: string; kind: string; new (data: unknown): { validate(): void } };

/** The peer's kind table: every model class kubernetes-models exports, by apiVersion/kind. */
async function peerModels(): Promise<Map<string, ModelClass>> {
  const all = (await import("kubernetes-models")) as unknown as Record<string, Record<string, Record<string, unknown>>>;
  const out = new Map<string, ModelClass>();
  for (const group of Object.values(all)) {
    for (const version of Object.values(group)) {
      for (const c of Object.values(version)) {
        const cls = c as Partial<ModelClass>;
        if (typeof c === "function" && typeof cls.apiVersion === "string" && typeof cls.kind === "string") {
          out.set(`${cls.apiVersion}|${cls.kind}`, c as unknown as ModelClass);
        }
      }
    }
  }
  return out;
}

/** The peer on one file: js-yaml parse, List unwrapping, validate each known kind. */
function peerFile(text: string, models: Map<string, ModelClass>): { docs: number; invalid: number } {
  let docs = 0;
  let invalid = 0;
  let raw: unknown[];
  try {
    raw = jsyaml.loadAll(text);
  } catch {
    return { docs: 1, invalid: 1 };
  }
  const queue: unknown[] = [];
  for (const v of raw) {
    const o = v as { kind?: unknown; items?: unknown };
    if (v && typeof o.kind === "string" && o.kind.endsWith("List") && Array.isArray(o.items)) queue.push(...o.items);
    else if (v !== null && v !== undefined) queue.push(v);
  }
  for (const v of queue) {
    docs++;
    const o = v as { apiVersion?: unknown; kind?: unknown };
    const cls = models.get(`${String(o.apiVersion)}|${String(o.kind)}`);
    if (!cls) continue;
    try {
      new cls(v).validate();
    } catch {
      invalid++;
    }
  }
  return { docs, invalid };
}

function fromDisk(paths: readonly string[]): InputFile[] {
  return collectInputs(paths).files;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** CPU time (user + system) of this process so far, in seconds. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function options(): ValidatorOptions {
  const packs = loadPacks(defaultPacks(), DEFAULT_VERSION);
  return {
    kubernetesVersion: DEFAULT_VERSION,
    strict: true,
    schema: true,
    packs: { check: (doc) => checkDocument(packs, doc) },
  };
}

/** The worker threads' description of options() (the default packs). */
function workerSpec(retainResults: boolean): WorkerSpec {
  return {
    kubernetesVersion: DEFAULT_VERSION,
    strict: true,
    schema: true,
    packs: defaultPacks(),
    skip: [],
    retainResults,
  };
}

const THREADS = defaultThreads();

/** Write ≥ `target` documents into files of 50 under a temp dir; returns the dir and count. */
function generate(target: number): { dir: string; docs: number; files: number } {
  const docs: string[] = [];
  for (const f of fromDisk([CORPUS])) {
    if (f.name.includes("kubeconform-fixtures")) continue;
    let parsed: unknown[];
    try {
      parsed = jsyaml.loadAll(f.read());
    } catch {
      continue;
    }
    for (const v of parsed) {
      const o = v as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
      if (!o || typeof o.kind !== "string" || o.kind === "CustomResourceDefinition" || !o.metadata) continue;
      if (typeof o.apiVersion !== "string" || o.apiVersion.includes("monitoring.coreos.com")) continue;
      docs.push(jsyaml.dump(v, { noRefs: true }));
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "kubespec-bench-"));
  const perFile = 50;
  let written = 0;
  let files = 0;
  while (written < target) {
    const sub = join(dir, `d${String(Math.floor(files / 100)).padStart(3, "0")}`);
    if (files % 100 === 0) mkdirSync(sub, { recursive: true });
    const chunk: string[] = [];
    for (let i = 0; i < perFile; i++, written++) {
      chunk.push(docs[written % docs.length]!.replace(/^ {2}name: (.*)$/m, `  name: $1-${written}`));
    }
    writeFileSync(join(sub, `f${String(files).padStart(5, "0")}.yaml`), chunk.join("---\n"));
    files++;
  }
  return { dir, docs: written, files };
}

async function run(): Promise<void> {
  const files = fromDisk([CORPUS]);
  const texts = files.map((f) => f.read());
  const opts = options();

  // Cold first rounds: kubespec compiles its validators, the peer imports its precompiled modules.
  let t = process.hrtime.bigint();
  const first = validateFiles(fromDisk([CORPUS]), opts);
  const kubespecCold = seconds(t);
  const docs = first.summary.resources;
  t = process.hrtime.bigint();
  const models = await peerModels();
  let peerDocs = 0;
  let peerInvalid = 0;
  for (const f of fromDisk([CORPUS])) {
    const r = peerFile(f.read(), models);
    peerDocs += r.docs;
    peerInvalid += r.invalid;
  }
  const peerCold = seconds(t);

  // Timed rounds, interleaved so that all see the same machine load (2 shared cores). The
  // schema-only rounds (strict schema, no packs) are the like-for-like comparison with the peer.
  const schemaOnly: ValidatorOptions = { kubernetesVersion: DEFAULT_VERSION, strict: true, schema: true };
  validateFiles(fromDisk([CORPUS]), schemaOnly);
  // With worker threads (started and warmed like kubespec's own first round).
  const defaultParallel = files.length >= PARALLEL_MIN_FILES;
  const ports = workerPorts(workerSpec(true), THREADS);
  t = process.hrtime.bigint();
  const firstParallel = await validateFilesParallel(fromDisk([CORPUS]), opts, ports);
  const parallelCold = seconds(t);
  if (JSON.stringify(firstParallel.diagnostics) !== JSON.stringify(first.diagnostics))
    throw new Error("parallel and single-threaded findings differ");
  await validateFilesParallel(fromDisk([CORPUS]), opts, ports);
  let parallelTime = 0;
  let parallelCpu = 0;
  let kubespecTime = 0;
  let schemaTime = 0;
  let peerTime = 0;
  let kubespecCpu = 0;
  let peerCpu = 0;
  // Each side's rounds, so that a reader can see the spread behind the ratio (the 2-core machine's
  // rounds vary by ±15% on both sides).
  const kubespecRounds: number[] = [];
  const peerRounds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let c = cpuSeconds();
    t = process.hrtime.bigint();
    await validateFilesParallel(fromDisk([CORPUS]), opts, ports);
    parallelTime += seconds(t);
    parallelCpu += cpuSeconds() - c;
    c = cpuSeconds();
    t = process.hrtime.bigint();
    validateFiles(fromDisk([CORPUS]), opts);
    const kubespecRound = seconds(t);
    kubespecTime += kubespecRound;
    kubespecRounds.push(Math.round(kubespecRound * 1000));
    kubespecCpu += cpuSeconds() - c;
    t = process.hrtime.bigint();
    validateFiles(fromDisk([CORPUS]), schemaOnly);
    schemaTime += seconds(t);
    c = cpuSeconds();
    t = process.hrtime.bigint();
    for (const f of fromDisk([CORPUS])) peerFile(f.read(), models);
    const peerRound = seconds(t);
    peerTime += peerRound;
    peerRounds.push(Math.round(peerRound * 1000));
    peerCpu += cpuSeconds() - c;
  }
  const schemaRate = (docs * ROUNDS) / schemaTime;

  const kubespecRate = (docs * ROUNDS) / kubespecTime;
  const parallelRate = (docs * ROUNDS) / parallelTime;
  // Both rates over the same documents (kubespec's count), so the ratio is peer time / kubespec time.
  const peerRate = (docs * ROUNDS) / peerTime;
  process.stderr.write(
    `corpus: ${files.length} files (${(texts.join("").length / 1e6).toFixed(1)} MB), ${docs} documents; ` +
      `kubespec ${first.summary.invalid} invalid + ${first.summary.errors} errors + ${first.summary.skipped} skipped, ` +
      `${first.diagnostics.length} findings; peer ${peerDocs} documents, ${peerInvalid} invalid\n` +
      `  kubespec: cold ${kubespecCold.toFixed(2)} s, warm ${kubespecRate.toFixed(0)} docs/s on one thread (schema only: ${schemaRate.toFixed(0)} docs/s); ` +
      `main + ${THREADS} workers: cold ${parallelCold.toFixed(2)} s, warm ${parallelRate.toFixed(0)} docs/s\n` +
      `  peer:     cold ${peerCold.toFixed(2)} s, warm ${peerRate.toFixed(0)} docs/s\n`,
  );

  // Large generated corpus, streamed, in a child process that loads kubespec only.
  const gen = generate(LARGE_DOCS);
  let large: LargeResult;
  try {
    const out = execFileSync(process.execPath, [process.argv[1]!, "validate", "--large-only", gen.dir], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
      stdio: ["ignore", "pipe", "inherit"],
    });
    large = JSON.parse(out.trim().split("\n").at(-1)!) as LargeResult;
  } finally {
    rmSync(gen.dir, { recursive: true, force: true });
  }
  process.stderr.write(
    `large: ${gen.files} files, ${large.docs} documents, ${large.findings} findings in ${large.seconds.toFixed(1)} s = ${large.docs_per_s} docs/s; ` +
      `heap ${large.heap_mb_at_20pct} MB after 20% of the files, ${large.heap_mb_at_end} MB at the end; peak RSS ${large.peak_rss_mb} MB (kubespec only)\n`,
  );

  const peakRss = process.resourceUsage().maxRSS / 1024;
  const line = {
    bench: "validate",
    docs,
    kubespec_docs_per_s: Math.round(defaultParallel ? parallelRate : kubespecRate),
    peer_docs_per_s: Math.round(peerRate),
    ratio: Number(((defaultParallel ? parallelRate : kubespecRate) / peerRate).toFixed(2)),
    ratio_single_thread: Number((kubespecRate / peerRate).toFixed(2)),
    kubespec_workers_docs_per_s: Math.round(parallelRate),
    ratio_workers: Number((parallelRate / peerRate).toFixed(2)),
    peak_rss_mb: Math.round(peakRss),
    schema_only_docs_per_s: Math.round(schemaRate),
    schema_only_ratio: Number((schemaRate / peerRate).toFixed(2)),
    cpu_ratio_single_thread: Number((peerCpu / kubespecCpu).toFixed(2)),
    cpu_ratio_workers: Number((peerCpu / parallelCpu).toFixed(2)),
    kubespec_single_thread_cpu_ms_per_round: Math.round((kubespecCpu / ROUNDS) * 1000),
    kubespec_workers_cpu_ms_per_round: Math.round((parallelCpu / ROUNDS) * 1000),
    peer_cpu_ms_per_round: Math.round((peerCpu / ROUNDS) * 1000),
    threads: { kubespec_default: defaultParallel ? 1 + THREADS : 1, kubespec_workers_run: 1 + THREADS, peer: 1 },
    kubespec_single_thread_cold_s: Number(kubespecCold.toFixed(2)),
    kubespec_workers_cold_s: Number(parallelCold.toFixed(2)),
    peer_cold_s: Number(peerCold.toFixed(2)),
    kubespec_single_thread_round_ms: kubespecRounds,
    peer_round_ms: peerRounds,
    large_docs: large.docs,
    large_files: gen.files,
    large_docs_per_s: large.docs_per_s,
    large_heap_mb_at_20pct: large.heap_mb_at_20pct,
    large_heap_mb_at_end: large.heap_mb_at_end,
    large_peak_rss_mb: large.peak_rss_mb,
    large_workers: large.workers,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  await closeWorkers();
}

interface LargeResult {
  docs: number;
  findings: number;
  seconds: number;
  docs_per_s: number;
  heap_mb_at_20pct: number;
  heap_mb_at_end: number;
  peak_rss_mb: number;
  workers: number;
}

/** Part 2 in its own process: stream one generated directory through kubespec, print a JSON line. */
async function runLarge(dir: string): Promise<void> {
  const opts = options();
  const largeFiles = fromDisk([dir]);
  // Warm-up (not timed): compile the validators of the kinds the generated files repeat, as the
  // corpus rounds of part 1 are warm too.
  validateFiles(largeFiles.slice(0, 10), opts);
  const ports = largeFiles.length >= PARALLEL_MIN_FILES ? workerPorts(workerSpec(false), THREADS) : [];
  if (ports.length) await validateFilesParallel(largeFiles.slice(0, 10 * THREADS), opts, ports);
  const mark = Math.max(1, Math.floor(largeFiles.length / 5));
  let seen = 0;
  let heapAt20 = 0;
  let findings = 0;
  const t = process.hrtime.bigint();
  const large = await validateStreamParallel(largeFiles, opts, ports, (ds) => {
    findings += ds.length;
    seen++;
    if (seen === mark) heapAt20 = liveHeapMb();
  });
  const time = seconds(t);
  const heapAtEnd = liveHeapMb();
  const result: LargeResult = {
    docs: large.resources,
    findings,
    seconds: time,
    docs_per_s: Math.round(large.resources / time),
    heap_mb_at_20pct: Math.round(heapAt20),
    heap_mb_at_end: Math.round(heapAtEnd),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    workers: ports.length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await closeWorkers();
}

if (values["large-only"]) await runLarge(values["large-only"]);
else await run();
