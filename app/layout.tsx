import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pairwise Arena", template: "%s · Pairwise Arena" },
  description: "Compare two anonymous model answers, vote, and see a Bradley-Terry leaderboard.",
  // Files in public/; icon.svg is the source of the PNGs and favicon.ico. Browsers that
  // find no icon link ask for /favicon.ico anyway, which exists too.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <nav
            className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-3 text-sm"
            aria-label="Main"
          >
            <Link href="/" className="font-semibold tracking-tight">
              Pairwise Arena
            </Link>
            <Link
              href="/"
              className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
            >
              Arena
            </Link>
            <Link
              href="/leaderboard"
              className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
            >
              Leaderboard
            </Link>
            <Link
              href="/what-wins"
              className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
            >
              What wins
            </Link>
            <Link
              href="/data"
              className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
            >
              Data
            </Link>
            {/* Static (pages stay cacheable): /signin shows who is signed in and links the console. */}
            <Link
              href="/signin"
              className="ml-auto text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
            >
              Sign in
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
