import type * as Doc from "@aws-sdk/lib-dynamodb";

/**
 * The document commands the store sends, with lib-dynamodb's names and input/output shapes (its types
 * only: nothing of the SDK is loaded at run time). Each names its DynamoDB operation explicitly,
 * because minification renames classes.
 */
export abstract class DynamoCommand<Input extends object, Output extends object> {
  abstract readonly operation: Operation;
  /** Never set: carries the output type so `send` can return it. */
  declare readonly output?: Output;
  constructor(readonly input: Input) {}
}

export type Operation =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "Scan"
  | "BatchGetItem"
  | "BatchWriteItem"
  | "TransactWriteItems"
  | "TransactGetItems";

export type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactGetCommandInput,
  TransactGetCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from "@aws-sdk/lib-dynamodb";

export class GetCommand extends DynamoCommand<Doc.GetCommandInput, Doc.GetCommandOutput> {
  readonly operation = "GetItem";
}
export class PutCommand extends DynamoCommand<Doc.PutCommandInput, Doc.PutCommandOutput> {
  readonly operation = "PutItem";
}
export class UpdateCommand extends DynamoCommand<Doc.UpdateCommandInput, Doc.UpdateCommandOutput> {
  readonly operation = "UpdateItem";
}
export class DeleteCommand extends DynamoCommand<Doc.DeleteCommandInput, Doc.DeleteCommandOutput> {
  readonly operation = "DeleteItem";
}
export class QueryCommand extends DynamoCommand<Doc.QueryCommandInput, Doc.QueryCommandOutput> {
  readonly operation = "Query";
}
/** Tests only (they look for secrets at rest); the store never scans. */
export class ScanCommand extends DynamoCommand<Doc.ScanCommandInput, Doc.ScanCommandOutput> {
  readonly operation = "Scan";
}
export class BatchGetCommand extends DynamoCommand<Doc.BatchGetCommandInput, Doc.BatchGetCommandOutput> {
  readonly operation = "BatchGetItem";
}
export class BatchWriteCommand extends DynamoCommand<Doc.BatchWriteCommandInput, Doc.BatchWriteCommandOutput> {
  readonly operation = "BatchWriteItem";
}
export class TransactWriteCommand extends DynamoCommand<Doc.TransactWriteCommandInput, Doc.TransactWriteCommandOutput> {
  readonly operation = "TransactWriteItems";
}
export class TransactGetCommand extends DynamoCommand<Doc.TransactGetCommandInput, Doc.TransactGetCommandOutput> {
  readonly operation = "TransactGetItems";
}
