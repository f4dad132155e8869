import { parse as parseUuid, stringify as stringifyUuid, v7 as uuidv7 } from 'uuid';

/** Primary keys are UUID v7 (time-ordered), stored as BINARY(16). */
export const newId = (): string => uuidv7();
export const idToBytes = (id: string): Buffer => Buffer.from(parseUuid(id));
export const bytesToId = (b: Buffer): string => stringifyUuid(new Uint8Array(b));
