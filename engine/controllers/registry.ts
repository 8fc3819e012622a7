/**
 * The controllers `step` runs after every event, in this order, until none changes the state.
 * Order mirrors how a real cluster converges within one instant: node lifecycle first, then
 * workload controllers create/delete pods, the scheduler binds them, the kubelet runs them.
 * Each entry is added by a minimal edit of this list.
 */
import { kubeletController } from "../kubelet/controller.js";
import type { Controller } from "../model/state.js";
import { schedulerController } from "../scheduler/controller.js";
import { nodeLifecycleController } from "./nodelifecycle.js";
import { podDefaultingController } from "./pod-defaulting.js";
import { podGcController } from "./podgc.js";
import { taintEvictionController } from "./taint-eviction.js";

export const CONTROLLERS: readonly Controller[] = [
  podDefaultingController,
  nodeLifecycleController,
  taintEvictionController,
  podGcController,
  // workload controllers, then the scheduler, go here
  schedulerController,
  kubeletController,
];
