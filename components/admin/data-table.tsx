// The console's tables: one shell (scrolls sideways on a phone instead of the page, column
// headers for screen readers, a sentence instead of an empty body).

export type Column = string | { label: string; numeric?: boolean; srOnly?: boolean };

export const ROW_CLASS = "border-t border-zinc-200 align-top dark:border-zinc-800";

export function DataTable({
  columns,
  rowCount,
  empty,
  testId,
  caption,
  children,
}: {
  columns: Column[];
  rowCount: number;
  /** Shown in place of the rows when there are none. */
  empty: string;
  testId?: string;
  caption?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="text-xs text-zinc-600 dark:text-zinc-400">
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { label: c } : c;
              return (
                <th
                  key={col.label}
                  scope="col"
                  className={`p-1.5 font-medium ${col.numeric ? "text-right" : ""}`}
                >
                  {col.srOnly ? <span className="sr-only">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rowCount === 0 ? (
            <tr className={ROW_CLASS}>
              <td
                colSpan={columns.length}
                className="p-3 text-zinc-600 dark:text-zinc-400"
                data-testid="empty"
              >
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
