/** Worker entry for runInWorker: answers bootstrap jobs (see parallel.ts). */
import { serveJobs } from "./parallel";

serveJobs();
