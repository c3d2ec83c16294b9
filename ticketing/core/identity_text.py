"""One folding of what people type as an identity (usernames, e-mail addresses, phone numbers).

Rate limits key on the folded text, so that every spelling a lookup would treat as the same
account — surrounding spaces, letter case, full-width or other compatibility characters — lands
in the same bucket.
"""

from __future__ import annotations

import unicodedata


def fold_identity(text: str) -> str:
    """NFKC, then strip, then casefold: ``" ＡＵＤ\u3000"`` and ``"aud"`` fold alike."""
    return unicodedata.normalize("NFKC", text).strip().casefold()
