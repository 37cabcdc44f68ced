export * from "./model";
export { createWorkOrder, type CreateWorkOrderInput } from "./create";
export { assignWorkOrder, transitionWorkOrder, visibleWorkOrder } from "./transition";
export { listWorkOrders, type WorkOrderFilter } from "./list";
export { workOrderStats, type WorkOrderStatsGroupBy, type WorkOrderStatsRow } from "./stats";
export { setWorkOrderSettings, workOrderSettingsOf, HANDLING_ROLES, type WorkOrderTypeInput } from "./settings";
export { breachesOf } from "./sla";
export { IllegalTransitionError } from "./errors";
export { DEFAULT_WORK_ORDER_TYPES, FEASIBILITY_REVIEW, DELIVERY_HANDOVER } from "./default-types";
