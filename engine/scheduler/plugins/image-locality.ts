/** ImageLocality (pkg/scheduler/framework/plugins/imagelocality/image_locality.go). */

import { MAX_NODE_SCORE, type Plugin, type PluginFactory } from "../framework.js";
import { goInt, idiv } from "../go.js";

export const IMAGE_LOCALITY = "ImageLocality";

const MB = 1024 * 1024;
/** minThreshold: 23 MB. */
export const MIN_THRESHOLD = 23 * MB;
/** maxContainerThreshold: 1000 MB. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: append ":latest" when the name has no tag. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(":") <= name.lastIndexOf("/") ? `${name}:latest` : name;
}

/** calculatePriority. */
export function imageLocalityPriority(sum: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > maxThreshold) sum = maxThreshold;
  return idiv(MAX_NODE_SCORE * (sum - MIN_THRESHOLD), maxThreshold - MIN_THRESHOLD);
}

const KEY = "ImageLocalityNames";

export const imageLocality: PluginFactory = {
  name: IMAGE_LOCALITY,
  create(): Plugin {
    return {
      name: IMAGE_LOCALITY,
      // No image of the pod on any node: every node scores calculatePriority(0) = 0.
      constantScore(cs) {
        const spec = cs.pod.spec;
        for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
          if (c.image && cs.snapshot.imageNumNodes.has(normalizedImageName(c.image))) return undefined;
        }
        return 0;
      },
      score(cs, ni) {
        const total = cs.snapshot.nodes.length;
        let names = cs.data.get(KEY) as { names: string[]; count: number } | undefined;
        if (!names) {
          const spec = cs.pod.spec;
          const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
          names = {
            names: containers.filter((c) => c.image).map((c) => normalizedImageName(c.image!)),
            count: containers.length,
          };
          cs.data.set(KEY, names);
        }
        let sum = 0;
        if (ni.imageSizes.size === 0) return imageLocalityPriority(0, names.count);
        for (const name of names.names) {
          const size = ni.imageSizes.get(name);
          if (size === undefined) continue;
          // scaledImageScore: int64(float64(size) * float64(numNodes)/float64(totalNumNodes))
          const spread = (cs.snapshot.imageNumNodes.get(name) ?? 0) / total;
          sum += goInt(size * spread);
        }
        return imageLocalityPriority(sum, names.count);
      },
    };
  },
};
