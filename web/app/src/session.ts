// Who is signed in, and whether the network answers. The refresh token never reaches script
// storage: it lives in the HttpOnly cookie of /app/session (see docs/rider-app.md).
import * as api from "./api";
import { signal } from "./state";
import { learnNames, loadNames } from "./names";
import { forgetRider, savedRider, saveRider, saveTickets, savedTickets, type SavedRider } from "./store";

export const rider = signal<SavedRider | null>(null);
export const online = signal<boolean>(true); // false: showing what is stored on the phone
export const ready = signal<boolean>(false);
export const tickets = signal<api.Ticket[]>([]);

api.whenSignedOut(() => {
  void signOutLocally();
});

async function signOutLocally(): Promise<void> {
  const who = rider.get();
  if (who) await saveTickets(who.riderId, []).catch(() => undefined); // nothing left on a shared phone
  rider.set(null);
  tickets.set([]);
  await forgetRider();
}

export async function boot(): Promise<void> {
  await loadNames().catch(() => undefined);
  const saved = await savedRider().catch(() => undefined);
  try {
    const session = await api.refreshSession();
    if (session) {
      const label = saved?.riderId === session.riderId ? saved.label : (await api.me()).label;
      await start({ riderId: session.riderId, label });
    } else {
      await signOutLocally();
    }
  } catch {
    // No network: keep showing the rider's saved tickets.
    online.set(false);
    if (saved) {
      rider.set(saved);
      tickets.set(await savedTickets(saved.riderId));
    }
  }
  ready.set(true);
}

async function start(who: SavedRider): Promise<void> {
  await saveRider(who);
  rider.set(who);
  online.set(true);
  tickets.set(await savedTickets(who.riderId));
  await syncTickets();
}

export async function signIn(identifier: string, password: string, isNew: boolean): Promise<void> {
  const session = isNew ? await api.register(identifier, password) : await api.login(identifier, password);
  await start({ riderId: session.riderId, label: identifier.trim() });
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    await signOutLocally();
  }
}

/** Fetch the rider's tickets and keep them on the phone; offline, keep what is stored. */
export async function syncTickets(): Promise<void> {
  const who = rider.get();
  if (!who) return;
  try {
    const fresh = await api.tickets();
    await saveTickets(who.riderId, fresh);
    await learnNames(fresh).catch(() => undefined);
    tickets.set(fresh);
    online.set(true);
  } catch (error) {
    if (error instanceof api.ApiError && error.offline) online.set(false);
    else throw error;
  }
}

export function updateTicket(changed: api.Ticket): void {
  const who = rider.get();
  const next = tickets.get().map((t) => (t.id === changed.id ? changed : t));
  tickets.set(next);
  if (who) void saveTickets(who.riderId, next);
}
