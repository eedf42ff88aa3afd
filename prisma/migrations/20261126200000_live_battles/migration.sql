-- AlterTable
ALTER TABLE "battles" ADD COLUMN     "parent_battle_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "messages_battle_id_turn_side_attempt_key" ON "messages"("battle_id", "turn", "side", "attempt");

-- AddForeignKey
ALTER TABLE "battles" ADD CONSTRAINT "battles_parent_battle_id_fkey" FOREIGN KEY ("parent_battle_id") REFERENCES "battles"("id") ON DELETE SET NULL ON UPDATE CASCADE;
