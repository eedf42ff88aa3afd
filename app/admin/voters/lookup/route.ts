import { redirect } from "next/navigation";

// The voter-id box on /admin/voters submits here (a GET form needs a fixed URL).
export function GET(request: Request): never {
  const id = new URL(request.url).searchParams.get("id")?.trim() ?? "";
  redirect(/^[0-9a-f-]{36}$/i.test(id) ? `/admin/voters/${id}` : "/admin/voters");
}
