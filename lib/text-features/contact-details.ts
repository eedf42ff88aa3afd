// Prompts become public data (vote dumps, model pages): e-mail addresses and phone
// numbers a voter typed are masked before they leave the server. Narrow on purpose:
// numbers in answers (dates, versions, IP addresses, long digit runs in code) are data.

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A leading + and 8–15 digits, or 8–15 digits in 2–5 groups split by spaces, dashes or
// a parenthesised area code ("(415) 555-0100", "020 7946 0958", "+44 20 7946 0958").
const PHONE = /(?<![\w.+-])(?:\+\d[\d ().-]{6,18}\d|\(?\d{2,5}\)?(?:[ -]\d{2,5}){1,4})(?!\w|[.-]\d)/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$|^\d{2}-\d{2}-\d{4}$/;

function isPhone(match: string): boolean {
  const digits = match.replace(/\D/g, "").length;
  if (digits < 8 || digits > 15) return false;
  if (DATE_LIKE.test(match)) return false;
  // "1 2 3 4 5 6 7 8" is a list, not a number: phone groups are mostly 3+ digits.
  const groups = match.split(/[ ().-]+/).filter(Boolean);
  return match.startsWith("+") || groups.filter((g) => g.length >= 3).length >= 2;
}

export function maskContactDetails(text: string): string {
  let out = text;
  if (out.includes("@")) out = out.replace(EMAIL, "[email removed]");
  if (/\d{2}/.test(out)) out = out.replace(PHONE, (m) => (isPhone(m) ? "[phone removed]" : m));
  return out;
}
