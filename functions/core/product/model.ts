/** A line of the price book (产品目录), kept by ADMIN and FINANCE. */
export interface Product {
  id: string;
  orgId: string;
  /** Unique within the organization, kept upper case: the uniqueness key. */
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  /** Per unit, before VAT, in fen. */
  listPriceFen: number;
  /** 标准成本: what one unit costs the company. MANAGER, FINANCE and GM see it. */
  standardCostFen: number;
  /** 最低限价: a unit price below it needs the general manager (by default). At most the list price. */
  floorPriceFen: number;
  /** VAT in basis points: 1300 = 13%. */
  vatRateBp: number;
  /** Deactivated products stay on the lines that hold them but cannot be picked for new ones. */
  active: boolean;
  /** Lower-case code, name and spec, for `search`. */
  searchText: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

/** The fields the timeline records, old → new. */
export const TRACKED_FIELDS = ["code", "name", "spec", "unit", "listPriceFen", "standardCostFen", "floorPriceFen", "vatRateBp", "active"] as const;
