// Amounts as riders read them (18.625 ₫) and times in Asia/Ho_Chi_Minh, whatever the phone's zone.
import { lang } from "./i18n";

export const NETWORK_TZ = "Asia/Ho_Chi_Minh";

export function money(amountMinor: number, currency = "VND"): string {
  const digits = Math.abs(Math.trunc(amountMinor))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const sign = amountMinor < 0 ? "−" : "";
  return currency === "VND" ? `${sign}${digits} ₫` : `${sign}${digits} ${currency}`;
}

export function localTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return new Intl.DateTimeFormat(lang.get() === "en" ? "en-GB" : "vi-VN", {
    timeZone: NETWORK_TZ,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(when);
}

/** "2026-12-05T14:30" in network time, for a datetime-local input. */
export function networkInputValue(when: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: NETWORK_TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).formatToParts(when);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  const hour = get("hour") === "24" ? "00" : get("hour");
  return `${get("year")}-${get("month")}-${get("day")}T${hour}:${get("minute")}`;
}

/** A datetime-local value read as network time (Hanoi has no DST: always +07:00). */
export function networkIso(inputValue: string): string {
  return `${inputValue.length === 16 ? inputValue + ":00" : inputValue}+07:00`;
}
