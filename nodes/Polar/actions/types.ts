import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { PolarConnection } from '../../shared/transport';

/** What every operation of one execution shares: the connection, and values worked out once. */
export interface ActionRun {
	connection: PolarConnection;
	/** `remember`'s store: one promise per key for the whole execution. */
	readonly memo: Map<string, Promise<unknown>>;
}

/** An operation that answers each input item on its own: the router pairs its records with the item. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		run: ActionRun,
	): Promise<IDataObject | IDataObject[]>;
}

/** An operation that sends several input items in one request (event ingest); it pairs its output itself. */
export interface BatchOperation {
	description: INodeProperties[];
	executeBatch(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		run: ActionRun,
	): Promise<INodeExecutionData[]>;
}

export type PolarOperationModule = ItemOperation | BatchOperation;
