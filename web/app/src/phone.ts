// The phone key and the rotating proof of docs/phone-presentation.md, made in the browser:
// code + "~" + base64url(step mod 65536 (2 bytes) || ECDSA P-256 r||s over
// "vexe-pop-v1" || ticket signature (64 bytes) || step (8 bytes, big-endian)), step = floor(T/30).
import { registerDeviceKey } from "./api";
import { read, write } from "./store";

export const STEP_S = 30;
const PREFIX = new TextEncoder().encode("vexe-pop-v1");
const ECDSA = { name: "ECDSA", namedCurve: "P-256" } as const;

function b64urlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function b64urlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function stepAt(unixMs: number): number {
  return Math.floor(unixMs / 1000 / STEP_S);
}

/** The phone's key pair, made once (private key non-extractable) and kept in IndexedDB. */
export async function phoneKey(): Promise<CryptoKeyPair> {
  const existing = await read<CryptoKeyPair>("phone-key");
  if (existing) return existing;
  const pair = await crypto.subtle.generateKey(ECDSA, false, ["sign", "verify"]);
  await write("phone-key", pair);
  return pair;
}

/** This phone's key id on the server for the rider, registering the public key the first time. */
export async function deviceKeyId(riderId: string): Promise<string> {
  const slot = `device-key:${riderId}`;
  const known = await read<string>(slot);
  if (known) return known;
  const pair = await phoneKey();
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  const id = await registerDeviceKey({ kty: "EC", crv: "P-256", x: jwk.x ?? "", y: jwk.y ?? "" });
  await write(slot, id);
  return id;
}

/** True when this phone holds the key the rider registered (tickets bound to it can be shown). */
export async function hasDeviceKey(riderId: string): Promise<boolean> {
  return Boolean(await read<string>(`device-key:${riderId}`));
}

/** The code to show during `step`: the ticket and a fresh proof signed by the phone key. */
export async function presentation(code: string, step: number): Promise<string> {
  const pair = await phoneKey();
  const signature = b64urlDecode(code.split(".")[2] ?? "");
  const message = new Uint8Array(PREFIX.length + signature.length + 8);
  message.set(PREFIX, 0);
  message.set(signature, PREFIX.length);
  const view = new DataView(message.buffer);
  view.setUint32(PREFIX.length + signature.length, Math.floor(step / 2 ** 32));
  view.setUint32(PREFIX.length + signature.length + 4, step >>> 0);
  const rs = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, message));
  const proof = new Uint8Array(2 + rs.length);
  proof[0] = (step >> 8) & 0xff;
  proof[1] = step & 0xff;
  proof.set(rs, 2);
  return `${code}~${b64urlEncode(proof)}`;
}
