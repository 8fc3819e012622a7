/** `kubespec explain pod|scheduling`: dispatches to one file per subject. */
import { type Command, EXIT_OK, UsageError } from "./command.js";
import { explainPod } from "./explain-pod.js";
import { explainScheduling } from "./explain-scheduling.js";

const HELP = `Usage:
  kubespec explain pod FILE [--terminal] [-o text|json]
      The phase the kubelet would compute for a Pod with status (as kubectl get pod -o yaml prints it),
      its conditions, and which containers it would start, kill or leave alone, with rule ids.
  kubespec explain scheduling --pod POD.yaml --nodes NODES.yaml [--existing PODS.yaml] [--config KSC.yaml] [-o text|json]
      Every enabled filter on every node, every score on every feasible node, the chosen node,
      and the unschedulable message exactly as kube-scheduler writes it.
`;

const SUBJECTS: Readonly<Record<string, Command["run"]>> = {
  pod: explainPod,
  scheduling: explainScheduling,
};

export const explainCommand: Command = {
  name: "explain",
  summary: "Explain what Kubernetes would do: explain pod FILE | explain scheduling --pod POD --nodes NODES",
  help: HELP,
  async run(argv, io) {
    const [subject, ...rest] = argv;
    if (subject === undefined) throw new UsageError("missing subject: pod or scheduling");
    const run = Object.hasOwn(SUBJECTS, subject) ? SUBJECTS[subject] : undefined;
    if (!run) throw new UsageError(`unknown subject '${subject}': use pod or scheduling`);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    return run(rest, io);
  },
};
