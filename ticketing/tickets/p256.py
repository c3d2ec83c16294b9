"""Public-key recovery for ECDSA P-256 (SEC 1 §4.1.6).

A device-bound ticket carries only a 96-bit thumbprint of the phone's key, not the key, so that
ticket plus proof fit the QR budget; the validator recovers the candidate keys from the proof
signature, keeps the one whose thumbprint the ticket names, then verifies the signature with
``cryptography`` as usual.

For a signature (r, s) of digest e the key is Q = u1·G ± u2·R with u1 = −e/r, u2 = s/r (mod n)
and R the curve point with x = r (either y: the two signs give the two candidates). Both scalar
multiplications run inside OpenSSL: u1·G as the public key of the "private key" u1, and the x of
u2·R as an ECDH exchange; only the final point addition is done here in integers.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_CURVE = ec.SECP256R1()

Point = tuple[int, int] | None  # None is the point at infinity


def _y_for(x: int) -> int | None:
    alpha = (pow(x, 3, P) - 3 * x + B) % P
    y = pow(alpha, (P + 1) // 4, P)
    return y if y * y % P == alpha else None


def _add(p: Point, q: Point) -> Point:
    if p is None:
        return q
    if q is None:
        return p
    (x1, y1), (x2, y2) = p, q
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        slope = (3 * x1 * x1 - 3) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def _times_g(k: int) -> Point:
    if k % N == 0:
        return None
    numbers = ec.derive_private_key(k % N, _CURVE).public_key().public_numbers()
    return numbers.x, numbers.y


def compress(point: tuple[int, int]) -> bytes:
    x, y = point
    return bytes([2 + (y & 1)]) + x.to_bytes(32, "big")


def recover_candidates(digest: bytes, r: int, s: int) -> list[bytes]:
    """Compressed public keys (SEC 1) for which (r, s) is a valid signature of ``digest``."""
    if not (0 < r < N and 0 < s < N) or len(digest) != 32:
        return []
    try:
        big_r = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, compress((r, 0)))
    except ValueError:  # no curve point has x = r
        return []
    e = int.from_bytes(digest, "big") % N
    rinv = pow(r, -1, N)
    u1, u2 = (-e * rinv) % N, (s * rinv) % N
    x_b = int.from_bytes(ec.derive_private_key(u2, _CURVE).exchange(ec.ECDH(), big_r), "big")
    y_b = _y_for(x_b)
    if y_b is None:  # pragma: no cover - x of a curve point always has a y
        return []
    a = _times_g(u1)
    keys = []
    for y in (y_b, P - y_b):
        q = _add(a, (x_b, y))
        if q is not None:
            keys.append(compress(q))
    return keys
