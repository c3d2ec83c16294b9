"""Public-key recovery for ECDSA P-256 (SEC 1 §4.1.6), in plain integers.

A device-bound ticket carries only a 96-bit thumbprint of the phone's key, not the key, so that
ticket plus proof fit the QR budget; the validator recovers the key from the proof signature and
compares thumbprints, then verifies the signature with ``cryptography`` as usual.
"""

from __future__ import annotations

P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (
    0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
)

Jacobian = tuple[int, int, int]
_INFINITY: Jacobian = (0, 1, 0)


def _double(p: Jacobian) -> Jacobian:
    x, y, z = p
    if not y or not z:
        return _INFINITY
    ysq = y * y % P
    s = 4 * x * ysq % P
    zsq = z * z % P
    m = 3 * (x - zsq) * (x + zsq) % P  # a = -3
    nx = (m * m - 2 * s) % P
    ny = (m * (s - nx) - 8 * ysq * ysq) % P
    nz = 2 * y * z % P
    return nx, ny, nz


def _add(p: Jacobian, q: Jacobian) -> Jacobian:
    if not p[2]:
        return q
    if not q[2]:
        return p
    z1sq, z2sq = p[2] * p[2] % P, q[2] * q[2] % P
    u1, u2 = p[0] * z2sq % P, q[0] * z1sq % P
    s1, s2 = p[1] * z2sq * q[2] % P, q[1] * z1sq * p[2] % P
    if u1 == u2:
        return _double(p) if s1 == s2 else _INFINITY
    h, r = (u2 - u1) % P, (s2 - s1) % P
    hsq = h * h % P
    hcu = hsq * h % P
    nx = (r * r - hcu - 2 * u1 * hsq) % P
    ny = (r * (u1 * hsq - nx) - s1 * hcu) % P
    nz = h * p[2] * q[2] % P
    return nx, ny, nz


def _shamir(a: int, pa: Jacobian, b: int, pb: Jacobian) -> Jacobian:
    """a·pa + b·pb with one shared doubling chain."""
    both = _add(pa, pb)
    acc = _INFINITY
    for bit in range(max(a.bit_length(), b.bit_length()) - 1, -1, -1):
        acc = _double(acc)
        ta, tb = (a >> bit) & 1, (b >> bit) & 1
        if ta and tb:
            acc = _add(acc, both)
        elif ta:
            acc = _add(acc, pa)
        elif tb:
            acc = _add(acc, pb)
    return acc


def _affine(p: Jacobian) -> tuple[int, int] | None:
    if not p[2]:
        return None
    zinv = pow(p[2], -1, P)
    zinv2 = zinv * zinv % P
    return p[0] * zinv2 % P, p[1] * zinv2 * zinv % P


def compress(point: tuple[int, int]) -> bytes:
    x, y = point
    return bytes([2 + (y & 1)]) + x.to_bytes(32, "big")


def recover_candidates(digest: bytes, r: int, s: int) -> list[bytes]:
    """Compressed public keys (SEC 1) for which (r, s) is a valid signature of ``digest``."""
    if not (0 < r < N and 0 < s < N) or len(digest) != 32:
        return []
    e = int.from_bytes(digest, "big") % N
    alpha = (pow(r, 3, P) + A * r + B) % P
    beta = pow(alpha, (P + 1) // 4, P)
    if beta * beta % P != alpha:
        return []
    rinv = pow(r, -1, N)
    u1, u2 = (-e * rinv) % N, (s * rinv) % N
    keys = []
    for y in (beta, P - beta):
        q = _affine(_shamir(u1, (G[0], G[1], 1), u2, (r, y, 1)))
        if q is not None:
            keys.append(compress(q))
    return keys
