import { handlers } from "@/lib/auth";

// Auth.js's own endpoints (sign-in callbacks, CSRF, session); it authenticates the caller itself.
export const { GET, POST } = handlers;
