import type { Metadata } from "next";
import { signOutAction } from "@/app/signin/actions";
import { AdminNav } from "@/components/admin/admin-nav";
import { Button } from "@/components/ui/button";
import { requirePageRole } from "@/lib/auth";

export const metadata: Metadata = {
  title: { default: "Console", template: "%s · Console · Pairwise Arena" },
};
export const dynamic = "force-dynamic";

// The layout's check only decides what the chrome shows; every page and every action
// checks the role again itself (a layout is not re-run on client navigation).
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const me = await requirePageRole("maintainer");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-lg font-semibold">Console</h1>
        <div className="flex items-center gap-2 text-sm">
          <span data-testid="console-user">
            {me.label} · {me.role}
          </span>
          <form action={signOutAction}>
            <Button type="submit" variant="ghost" data-testid="sign-out">
              Sign out
            </Button>
          </form>
        </div>
      </div>
      <AdminNav isAdmin={me.role === "admin"} />
      {children}
    </div>
  );
}
