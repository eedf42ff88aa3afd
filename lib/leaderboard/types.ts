/** A snapshot row joined with model metadata and the style-controlled rating, for the page. */
export interface BoardRow {
  model: string;
  displayName: string;
  organization: string | null;
  license: string | null;
  openWeights: boolean;
  status: "active" | "paused" | "deprecated";
  rating: number;
  ciLower: number | null;
  ciUpper: number | null;
  /** Within the model's connected group (see rankWithinGroups), not over the whole snapshot. */
  rankUb: number;
  numBattles: number;
  /** Connected group, from 0; ratings compare only within a group. */
  group: number;
  style: { rating: number; ciLower: number | null; ciUpper: number | null; rankUb: number } | null;
}
