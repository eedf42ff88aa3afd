import { describe, expect, it } from "vitest";
import { OUTAGE_RETRY_S, outagePageHtml, PAGE_UNAVAILABLE_TEXT } from "./outage-page";

describe("the database-outage page", () => {
  it("says what is wrong, reloads by itself and links back to the page asked for, escaped", () => {
    const html = outagePageHtml('/models/a"><script>x</script>');
    expect(html).toContain(PAGE_UNAVAILABLE_TEXT.replace("'", "&#39;").replace("'", "&#39;"));
    expect(html).toContain(`<meta http-equiv="refresh" content="${OUTAGE_RETRY_S}">`);
    expect(html).toContain('href="/models/a&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).not.toMatch(/<script/);
    expect(outagePageHtml("//evil.example/")).toContain('class="retry" href="/"');
    expect(html).toMatch(/prefers-color-scheme: dark/);
    expect(html).toMatch(/name="viewport"/);
  });
});
