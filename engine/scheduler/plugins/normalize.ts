/** pkg/scheduler/framework/plugins/helper/normalize_score.go DefaultNormalizeScore. */
import { idiv } from "../go.js";

/** Scale to [0, maxPriority] by the max; reverse flips; all-zero → 0 (or maxPriority when reversed). */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = idiv(maxPriority * scores[i]!, max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
