/** Validation worker thread: receives a WorkerSpec, then FileJobs; answers each with a FileOutcome. */
import { parentPort, workerData } from "node:worker_threads";
import { type FileJob, fileHandler, type WorkerSpec } from "./protocol.js";

const handle = fileHandler(workerData as WorkerSpec);
parentPort?.on("message", (job: FileJob) => {
  parentPort?.postMessage(handle(job));
});
