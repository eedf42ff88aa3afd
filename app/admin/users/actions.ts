"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/db/audit";
import { countAdmins, listUsers, revokeUserSessions, setUserRole } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { roleAction } from "@/lib/role-action";

const UserId = z.uuid("That is not a user id.");

/** Admins only: grant or take away a role; that user's sessions end so it applies at once. */
export const setRoleAction = roleAction(
  "admin",
  z.object({ userId: UserId, role: z.enum(["voter", "maintainer", "admin"]) }),
  async ({ userId, role }, actor) => {
    const target = (await listUsers()).find((u) => u.id === userId);
    if (!target) throw new AppError("not_found", "No such user.");
    if (target.role === "admin" && role !== "admin" && (await countAdmins()) <= 1) {
      throw new AppError("conflict", "This is the last admin: grant admin to someone else first.");
    }
    await setUserRole({ userId, role });
    await recordAudit({
      actor,
      action: "user.role",
      target: target.email ?? userId,
      details: { from: target.role, to: role },
    });
    revalidatePath("/admin/users");
    return `${target.email ?? userId} is now ${role}.`;
  },
);

/** Admins only: end every session of a user (they sign in again). */
export const revokeSessionsAction = roleAction(
  "admin",
  z.object({ userId: UserId }),
  async ({ userId }, actor) => {
    if (!(await revokeUserSessions({ userId }))) throw new AppError("not_found", "No such user.");
    await recordAudit({ actor, action: "user.revoke_sessions", target: userId });
    revalidatePath("/admin/users");
    return "Their sessions are ended.";
  },
);
