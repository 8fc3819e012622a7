/** AdvanceTime: nothing happens in the environment; time moves to `at`, firing due timers. */

import type { EventHandler } from "../model/state.js";
import { nextTimer } from "../model/timers.js";
import { unknownFields } from "./common.js";

export const advanceTimeHandler: EventHandler = {
  type: "AdvanceTime",
  validate(event) {
    return unknownFields(event, []);
  },
  apply(state) {
    return state;
  },
  enabled(state) {
    const t = nextTimer(state);
    return t ? [{ type: "AdvanceTime", at: Math.max(t.at, state.time) }] : [];
  },
};
