// What the app keeps on the phone, in IndexedDB (same-origin only): the rider's tickets (shown
// offline), the phone key pair (the private key is non-extractable: script can sign with it but
// never read it) and the phone key's id on the server for each rider.
import type { Ticket } from "./api";

const DB_NAME = "vexe-app";
const STORE = "kv";

let opened: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const database = await db();
  return new Promise((resolve, reject) => {
    const tx = database.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result as T);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export function read<T>(key: string): Promise<T | undefined> {
  return run<T | undefined>("readonly", (s) => s.get(key));
}

export function write(key: string, value: unknown): Promise<void> {
  return run<void>("readwrite", (s) => s.put(value, key)).then(() => undefined);
}

export function remove(key: string): Promise<void> {
  return run<void>("readwrite", (s) => s.delete(key)).then(() => undefined);
}

export interface SavedRider {
  riderId: string;
  label: string;
}

export const savedRider = () => read<SavedRider>("rider");
export const saveRider = (rider: SavedRider) => write("rider", rider);
export const forgetRider = () => remove("rider");

export const savedTickets = (riderId: string) => read<Ticket[]>(`tickets:${riderId}`).then((t) => t ?? []);
export const saveTickets = (riderId: string, tickets: Ticket[]) => write(`tickets:${riderId}`, tickets);
