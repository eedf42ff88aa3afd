// Stamped on every snapshot so a published number can be traced to the code that made it.
export const CODE_VERSION = process.env.ARENA_CODE_VERSION ?? process.env.npm_package_version ?? "0.1.0";
