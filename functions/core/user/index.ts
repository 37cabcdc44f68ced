export * from "./errors";
export type { UserInput } from "./input";
export { directoryUser, listUsers } from "./directory";
export { authenticate, createUser, updateUser } from "./manage";
export { resendInvitation } from "./logins";
export * from "./model";
