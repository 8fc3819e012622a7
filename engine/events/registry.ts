/**
 * The environment events `step` understands, one handler per type. Each handler validates its own
 * fields (the Scenario loader reports problems with file:line:column) and applies the event.
 * Entries are added by a minimal edit of this list.
 */
import type { EventHandler } from "../model/state.js";
import { advanceTimeHandler } from "./advance-time.js";
import { containerExitedHandler } from "./container-exited.js";
import { deletePodHandler } from "./delete-pod.js";
import { imagePullFailedHandler } from "./image-pull-failed.js";
import { nodeDownHandler, nodeUpHandler } from "./node-down-up.js";
import { probeResultHandler } from "./probe-result.js";
import { deleteObjectHandler } from "./workload-delete-object.js";
import { nodeAddedHandler, nodeRemovedHandler } from "./workload-nodes.js";
import { rollbackHandler } from "./workload-rollback.js";
import { scaleHandler } from "./workload-scale.js";
import { updateTemplateHandler } from "./workload-update-template.js";

export const EVENT_HANDLERS: readonly EventHandler[] = [
  advanceTimeHandler,
  containerExitedHandler,
  deletePodHandler,
  imagePullFailedHandler,
  nodeDownHandler,
  nodeUpHandler,
  probeResultHandler,
  scaleHandler,
  updateTemplateHandler,
  rollbackHandler,
  nodeAddedHandler,
  nodeRemovedHandler,
  deleteObjectHandler,
];

/** The handler for an event type, or undefined when the type is unknown. */
export function handlerFor(type: string): EventHandler | undefined {
  return EVENT_HANDLERS.find((h) => h.type === type);
}
