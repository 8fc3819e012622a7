/** All best-practice facts (security + reliability), by name. */
import { RELIABILITY_FACTS } from "./best-practice-reliability.js";
import { SECURITY_FACTS } from "./best-practice-security.js";
import type { Extractor } from "./types.js";

export const BEST_PRACTICE_FACTS: Readonly<Record<string, Extractor>> = { ...SECURITY_FACTS, ...RELIABILITY_FACTS };
