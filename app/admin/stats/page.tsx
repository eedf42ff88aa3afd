import { StatsCharts } from "@/components/admin/stats-charts";
import { requirePageRole } from "@/lib/auth";
import { getConsoleStats } from "@/lib/db/admin-stats";

export const metadata = { title: "Stats" };

export default async function StatsPage({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  await requirePageRole("maintainer");
  const days = Math.min(365, Math.max(1, Number((await searchParams).days ?? 30) || 30));
  const stats = await getConsoleStats({ days });
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Last {days} days ·{" "}
        {[7, 30, 90].map((d) => (
          <a key={d} href={`?days=${d}`} className="mr-2 underline">
            {d} days
          </a>
        ))}
      </p>
      <StatsCharts stats={stats} />
    </div>
  );
}
