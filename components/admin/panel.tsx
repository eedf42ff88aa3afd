/** A titled, bordered block of the console (a form, an import), labelled by its heading. */
export function Panel({
  id,
  title,
  level = 2,
  children,
}: {
  id: string;
  title: string;
  level?: 2 | 3;
  children: React.ReactNode;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={id} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <Heading id={id} className="mb-3 font-semibold">
        {title}
      </Heading>
      {children}
    </section>
  );
}
