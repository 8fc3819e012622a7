/** NodeName (pkg/scheduler/framework/plugins/nodename/node_name.go). */
import { newStatus, type Plugin, type PluginFactory, SUCCESS } from "../framework.js";

export const NODE_NAME = "NodeName";
/** ErrReason. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const FAIL = newStatus("UnschedulableAndUnresolvable", ERR_REASON_NODE_NAME);

export const nodeName: PluginFactory = {
  name: NODE_NAME,
  create(): Plugin {
    return {
      name: NODE_NAME,
      filterPassesEverywhere: (cs) => cs.podInfo.nodeName === "",
      filter(cs, ni) {
        const want = cs.podInfo.nodeName;
        return want === "" || want === ni.name ? SUCCESS : FAIL;
      },
    };
  },
};
