import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Button } from "@/components/ui/button";
import { getSession, hadExpiredSession, oauthProviders } from "@/lib/auth";
import { oauthSignInAction, signOutAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = typeof params.next === "string" && /^\/(?!\/)/.test(params.next) ? params.next : undefined;
  const session = await getSession();
  if (session) {
    return (
      <div className="mx-auto max-w-sm space-y-4 py-8">
        <h1 className="text-xl font-semibold">Signed in</h1>
        <p className="text-sm" data-testid="signed-in-as">
          {session.email ?? "Your account"} · role <strong>{session.role}</strong>
        </p>
        <div className="flex gap-2">
          {session.role !== "voter" ? (
            <Link href="/admin" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white">
              Open the console
            </Link>
          ) : null}
          <form action={signOutAction}>
            <Button type="submit">Sign out</Button>
          </form>
        </div>
      </div>
    );
  }
  const expired = await hadExpiredSession();
  const providers = oauthProviders();
  return (
    <div className="mx-auto max-w-sm space-y-4 py-8">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No account is needed to vote. Signing in keeps the votes you cast from this browser with your account.
      </p>
      {expired ? (
        <p
          role="status"
          className="rounded-md bg-amber-100 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          Your session has expired or was ended. Sign in again.
        </p>
      ) : null}
      {params["signed-out"] ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          You are signed out.
        </p>
      ) : null}
      {params.error ? (
        <p role="alert" className="text-sm text-rose-600 dark:text-rose-400">
          {params.code === "rate_limited"
            ? "Too many failed sign-ins for this account or from this address. Try again later."
            : params.error === "CredentialsSignin"
              ? "Wrong email or password."
              : `Sign-in failed (${String(params.error)}). Try again.`}
        </p>
      ) : null}
      <SignInForm next={next} />
      {providers.length > 0 ? (
        <div className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {providers.map((p) => (
            <form key={p.id} action={oauthSignInAction}>
              <input type="hidden" name="provider" value={p.id} />
              <Button type="submit" className="w-full">
                Continue with {p.name}
              </Button>
            </form>
          ))}
        </div>
      ) : null}
    </div>
  );
}
