/** Evaluation runs kept in IndexedDB, so they survive a reload. Only plain report data is stored, no files. */

const DB = "deeplab-eval";
const STORE = "runs";

export interface StoredRun<R> {
  id: number;
  name: string;
  report: R;
  error?: string;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened"));
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    });
  } finally {
    db.close();
  }
}

export const saveRun = <R>(run: StoredRun<R>) => transact("readwrite", (s) => s.put(run)).then(() => undefined);

export const loadRuns = <R>() =>
  transact("readonly", (s) => s.getAll() as IDBRequest<StoredRun<R>[]>).then((runs) =>
    runs.sort((a, b) => a.id - b.id),
  );

export const clearRuns = () => transact("readwrite", (s) => s.clear()).then(() => undefined);
