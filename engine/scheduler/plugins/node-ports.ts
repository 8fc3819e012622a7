/** NodePorts (pkg/scheduler/framework/plugins/nodeports/node_ports.go; framework.HostPortInfo.CheckConflict). */
import { newStatus, type Plugin, type PluginFactory, PREFILTER_OK, PREFILTER_SKIP, SUCCESS } from "../framework.js";
import { portConflicts } from "../snapshot.js";

export const NODE_PORTS = "NodePorts";
/** ErrReason. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const FAIL = newStatus("Unschedulable", ERR_REASON_NODE_PORTS);

export const nodePorts: PluginFactory = {
  name: NODE_PORTS,
  create(): Plugin {
    return {
      name: NODE_PORTS,
      // PreFilter returns Skip when the pod wants no host port.
      preFilter: (cs) => (cs.podInfo.hostPorts.length === 0 ? PREFILTER_SKIP : PREFILTER_OK),
      filter(cs, ni) {
        for (const hp of cs.podInfo.hostPorts) {
          if (portConflicts(ni, hp.ip, hp.protocol, hp.port)) return FAIL;
        }
        return SUCCESS;
      },
    };
  },
};
