export { classifyError } from "./classify-error";
export {
  loadModelsConfig,
  ModelEntry,
  ModelsConfig,
  ModelsConfigError,
  ProviderModelConfig,
  parseModelsConfig,
  parseProviderConfig,
  resolveModelsFile,
} from "./config";
export { apiKeyEnvFor, backends, resolveApiKey } from "./registry";
export { DEFAULT_TIMEOUTS } from "./run-stream";
export { streamChat } from "./stream-chat";
export type * from "./types";
