/**
 * The controllers `step` runs after every event, in this order, until none changes the state.
 * Order mirrors how a real cluster converges within one instant: node lifecycle first, then
 * workload controllers create/delete pods, the scheduler binds them, the kubelet runs them.
 * Each entry is added by a minimal edit of this list.
 */
import { kubeletController } from "../kubelet/controller.js";
import type { Controller } from "../model/state.js";
import { schedulerController } from "../scheduler/controller.js";
import { cronJobController } from "./cronjob/controller.js";
import { daemonSetController } from "./daemonset/controller.js";
import { deploymentController } from "./deployment/controller.js";
import { garbageCollector } from "./garbage-collector.js";
import { jobController } from "./job/controller.js";
import { nodeLifecycleController } from "./nodelifecycle.js";
import { podDefaultingController } from "./pod-defaulting.js";
import { podGcController } from "./podgc.js";
import { replicaSetController, replicationControllerController } from "./replicaset/controller.js";
import { statefulSetController } from "./statefulset/controller.js";
import { taintEvictionController } from "./taint-eviction.js";

export const CONTROLLERS: readonly Controller[] = [
  podDefaultingController,
  nodeLifecycleController,
  taintEvictionController,
  podGcController,
  // workload controllers, then the scheduler. ReplicaSets sync before Deployments so a Deployment
  // reads fresh ReplicaSet status (availability) after the environment killed or readied pods.
  cronJobController,
  jobController,
  replicaSetController,
  replicationControllerController,
  deploymentController,
  statefulSetController,
  daemonSetController,
  garbageCollector,
  schedulerController,
  kubeletController,
];
