"use server";

import { isRedirectError } from "next/dist/client/components/redirect-error";
import { z } from "zod";
import { CredentialsSignin, oauthProviders, SignInThrottled, signIn, signOut } from "@/lib/auth";

export type SignInState = { status: "idle" } | { status: "error"; message: string };

const PasswordForm = z.object({
  email: z.email("Enter your email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(1000),
  next: z
    .string()
    .regex(/^\/(?!\/)/)
    .optional(),
});

/** A form field; anything but FormData (a hand-made request to the action) reads as empty. */
const field = (form: unknown, name: string) => (form instanceof FormData ? form.get(name) : null);

/** Password sign-in; public by design (it is how a session starts). */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = PasswordForm.safeParse({
    email: field(form, "email"),
    password: field(form, "password"),
    next: field(form, "next") || undefined,
  });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0].message };
  try {
    await signIn("password", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: parsed.data.next ?? "/admin",
    });
    return { status: "idle" };
  } catch (error) {
    if (isRedirectError(error)) throw error;
    if (error instanceof SignInThrottled) return { status: "error", message: error.notice };
    if (error instanceof CredentialsSignin) return { status: "error", message: "Wrong email or password." };
    throw error;
  }
}

/** OAuth sign-in with a provider that is switched on by its env vars; public by design. */
export async function oauthSignInAction(form: FormData): Promise<void> {
  const provider = String(field(form, "provider"));
  if (!oauthProviders().some((p) => p.id === provider)) return;
  await signIn(provider, { redirectTo: "/admin" });
}

/** Ends this browser's session; public by design (signing out needs no role). */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signed-out=1" });
}
