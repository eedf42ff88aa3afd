/** The ratings worker entry (see pool.ts): file ranges, bootstrap rounds and the app's fits. */
import { serveJobs } from "./pool";

serveJobs();
