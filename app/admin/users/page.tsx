import { revokeSessionsAction, setRoleAction } from "@/app/admin/users/actions";
import { ActionForm, INPUT_CLASS } from "@/components/admin/action-form";
import { requirePageRole } from "@/lib/auth";
import { listUsers } from "@/lib/db/users";

export const metadata = { title: "Users" };

/** Admins only: roles and sessions. */
export default async function UsersPage() {
  await requirePageRole("admin");
  const users = await listUsers();
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="users">
      {users.map((u) => (
        <li key={u.id} className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm">
          <div>
            <p className="font-medium">{u.email ?? u.name ?? u.id}</p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              {[u.hasPassword ? "password" : null, ...u.providers].filter(Boolean).join(", ") ||
                "no sign-in method"}{" "}
              · {u.voters} linked voter ids · since {u.createdAt.toISOString().slice(0, 10)}
            </p>
          </div>
          <div className="flex flex-wrap gap-3">
            <ActionForm action={setRoleAction} submitLabel="Set role" testId="set-role">
              <input type="hidden" name="userId" value={u.id} />
              <label className="text-xs">
                Role
                <select name="role" defaultValue={u.role} className={INPUT_CLASS}>
                  <option value="voter">voter</option>
                  <option value="maintainer">maintainer</option>
                  <option value="admin">admin</option>
                </select>
              </label>
            </ActionForm>
            <ActionForm
              action={revokeSessionsAction}
              submitLabel="Sign out everywhere"
              testId="revoke-sessions"
            >
              <input type="hidden" name="userId" value={u.id} />
            </ActionForm>
          </div>
        </li>
      ))}
    </ul>
  );
}
