export * from "./errors";
export type { UserInput } from "./input";
export { directoryUser, listUsers } from "./directory";
export { createUser, updateUser } from "./manage";
export { authenticate } from "./sign-in";
export { resendInvitation } from "./logins";
export * from "./model";
