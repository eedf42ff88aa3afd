// The page proxy.ts answers (503) while the database is unreachable: self-contained HTML,
// no scripts and no stylesheet from the build (nothing that may itself fail), light and
// dark like the app, readable on a phone, and it reloads by itself.

export const PAGE_UNAVAILABLE_TEXT =
  "The arena's database is unreachable right now; this page will work again when it's back.";
export const OUTAGE_RETRY_S = 15;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export function outagePageHtml(path: string): string {
  const href = escapeHtml(path.startsWith("/") && !path.startsWith("//") ? path : "/");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="${OUTAGE_RETRY_S}">
<title>Database unreachable · Pairwise Arena</title>
<style>
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: #fafafa; color: #18181b; }
  header { border-bottom: 1px solid #e4e4e7; background: #fff; padding: 12px 16px; font-weight: 600; }
  header a { color: inherit; text-decoration: none; }
  main { max-width: 42rem; margin: 0 auto; padding: 32px 16px; }
  .box { border: 1px solid #fcd34d; background: #fffbeb; color: #78350f; border-radius: 8px; padding: 20px; }
  h1 { font-size: 1.25rem; margin: 0 0 8px; }
  p { margin: 8px 0 0; }
  .retry { display: inline-block; margin-top: 16px; border: 1px solid currentColor; border-radius: 6px; padding: 6px 12px; color: inherit; }
  @media (prefers-color-scheme: dark) {
    body { background: #09090b; color: #f4f4f5; }
    header { background: #18181b; border-color: #27272a; }
    .box { border-color: #b45309; background: #451a03; color: #fde68a; }
  }
</style>
</head>
<body>
<header><a href="/">Pairwise Arena</a></header>
<main>
<div class="box" role="alert" data-testid="database-unavailable">
<h1>The database is unreachable</h1>
<p>${escapeHtml(PAGE_UNAVAILABLE_TEXT)}</p>
<p>Nothing you did caused this. The page tries again every ${OUTAGE_RETRY_S} seconds.</p>
<a class="retry" href="${href}">Try again now</a>
</div>
</main>
</body>
</html>
`;
}
