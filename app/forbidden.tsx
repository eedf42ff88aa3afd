import Link from "next/link";

// Rendered with HTTP 403 by forbidden() (lib/auth.ts requirePageRole): guests and voters on
// /admin, maintainers on its admin-only pages.
export default function Forbidden() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-xl font-semibold">Forbidden</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        You do not have access to this page. The console is for maintainers, and its Users and Audit log pages
        for admins: sign in with such an account. If you were signed in, your session may have expired or your
        role changed.
      </p>
      <Link href="/signin" className="mt-3 inline-block underline">
        Sign in
      </Link>
    </div>
  );
}
