import { ApiError } from "./api";
import { t } from "./i18n";

/** One sentence for the rider: the server's localized problem title, or a network hint. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.offline) return t("error_network");
    return error.title || t("error_generic");
  }
  return t("error_generic");
}
