/** NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go). */
import { newStatus, type Plugin, type PluginFactory, SUCCESS } from "../framework.js";
import { tolerationsTolerateTaint } from "../selectors.js";

export const NODE_UNSCHEDULABLE = "NodeUnschedulable";
/** ErrReasonUnschedulable. */
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

const UNSCHEDULABLE_TAINT = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" } as const;
const FAIL = newStatus("UnschedulableAndUnresolvable", ERR_REASON_UNSCHEDULABLE);

export const nodeUnschedulable: PluginFactory = {
  name: NODE_UNSCHEDULABLE,
  create(): Plugin {
    return {
      name: NODE_UNSCHEDULABLE,
      filterPassesEverywhere: (cs) => cs.snapshot.cordonedNodes === 0,
      filter(cs, ni) {
        if (!ni.unschedulable) return SUCCESS;
        return tolerationsTolerateTaint(cs.podInfo.tolerations, UNSCHEDULABLE_TAINT) ? SUCCESS : FAIL;
      },
    };
  },
};
