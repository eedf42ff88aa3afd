import { describe, expect, it } from "vitest";
import { maskContactDetails as mask } from "./contact-details";

describe("maskContactDetails", () => {
  it("masks e-mail addresses", () => {
    expect(mask("write to jane.doe+x@mail.example.co.uk today")).toBe("write to [email removed] today");
    expect(mask("a@b.io and c@d.org")).toBe("[email removed] and [email removed]");
  });

  it("masks phone numbers in common notations", () => {
    for (const p of [
      "+1 415 555 0100",
      "(415) 555-0100",
      "415-555-0100",
      "020 7946 0958",
      "+44 20 7946 0958",
      "+4915112345678",
    ]) {
      expect(mask(`call ${p}.`)).toBe("call [phone removed].");
    }
  });

  it("leaves dates, versions, IPs, prices, lists and code numbers alone", () => {
    const keep = [
      "on 2024-01-15",
      "version 1.2.3",
      "host 192.168.100.200",
      "it costs 1,299.99",
      "pi is 3.14159265358979",
      "ids 12345678901",
      "steps 1 2 3 4 5 6 7 8",
      "x = 1024 * 768",
      "@decorator and user@localhost",
    ];
    for (const k of keep) expect(mask(k)).toBe(k);
  });
});
