/**
 * Deterministic template hashes and generated-name suffixes.
 *
 * Upstream (pkg/controller/history/controller_history.go HashControllerRevision,
 * pkg/controller/controller_utils.go ComputeHash) hashes a spew dump of the object with FNV-32a and
 * encodes the decimal with rand.SafeEncodeString. kubespec hashes canonical JSON (sorted keys) with
 * FNV-32a and encodes the same way: the values differ from a real cluster's, the properties
 * (equal templates ⇒ equal hash, any change ⇒ a new revision) are the same.
 */

/** Alphabet of k8s.io/apimachinery/pkg/util/rand SafeEncodeString (no vowels, no confusable characters). */
const SAFE = "bcdfghjklmnpqrstvwxz2456789";

/** JSON with object keys sorted, so equal values always serialize equally. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: maps each character to the safe alphabet. */
export function safeEncode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE[s.charCodeAt(i) % SAFE.length];
  return out;
}

/** The template hash used for pod-template-hash / controller-revision-hash labels. */
export function templateHash(template: unknown, collisionCount = 0): string {
  const base = canonicalJson(template) + (collisionCount > 0 ? `#${collisionCount}` : "");
  return safeEncode(String(fnv32a(base)));
}

/** A deterministic 5-character suffix for generateName (upstream: 5 random safe characters). */
export function nameSuffix(seq: number): string {
  const h = fnv32a(`kubespec-name-${seq}`);
  let out = "";
  let x = h;
  for (let i = 0; i < 5; i++) {
    out += SAFE[x % SAFE.length];
    x = Math.floor(x / SAFE.length);
  }
  return out;
}
