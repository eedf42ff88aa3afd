import Link from "next/link";

// Rendered with HTTP 403 by forbidden() (lib/auth.ts requirePageRole): guests and voters on /admin.
export default function Forbidden() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-xl font-semibold">Forbidden</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        This page is for maintainers. Sign in with a maintainer or admin account — or, if you were signed in,
        your session has expired.
      </p>
      <Link href="/signin" className="mt-3 inline-block underline">
        Sign in
      </Link>
    </div>
  );
}
