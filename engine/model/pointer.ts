/** JSON Pointer (RFC 6901) helpers. Keys such as `__proto__` are plain data here. */

export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Build a pointer from segments: `["spec", "containers", 0]` → `/spec/containers/0`. */
export function toPointer(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments) out += `/${escapePointerSegment(s)}`;
  return out;
}

/** Split a pointer into its (unescaped) segments. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON Pointer: ${pointer}`);
  return pointer.slice(1).split("/").map(unescapePointerSegment);
}

/** Read the value at a pointer using own properties only (never the prototype chain). */
export function getAtPointer(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const seg of parsePointer(pointer)) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
