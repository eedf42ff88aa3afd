import type { ExportFormatId } from "../types";
import { arena140k } from "./arena140k";
import { arena140kParquet } from "./arena140k-parquet";
import { fastchat, fastchatJsonl } from "./fastchat";
import type { ExportFormat } from "./format";
import { kaggle55k } from "./kaggle55k";
import { dpo, kto } from "./training";

export type { ExportFormat } from "./format";

export const FORMATS: Record<ExportFormatId, ExportFormat> = {
  fastchat,
  fastchat_jsonl: fastchatJsonl,
  arena140k,
  arena140k_parquet: arena140kParquet,
  kaggle55k,
  dpo,
  kto,
};
