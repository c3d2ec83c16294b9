"""Console page-test helpers: staff accounts, a logged-in console client and CSRF tokens (the
fixtures are in tests/api/console_pages/conftest.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from fastapi import FastAPI

from tests.factories import make_staff

PASSWORD = "correct-horse-battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ACCOUNTS = {
    "admin": ("quan-tri", "admin", None),
    "auditor": ("kiem-toan", "auditor", None),
    "reviewer": ("xet-duyet", "reviewer", None),
    "bus": ("xe-buyt", "operator", "HN_BUS"),
    "metro": ("ga-metro", "operator", "HANOI_METRO"),
}


@dataclass
class Console:
    client: httpx.AsyncClient
    csrf: str

    async def post(self, path: str, data: dict[str, str] | None = None, **kwargs: object) -> httpx.Response:
        return await self.client.post(path, data={"csrf": self.csrf, **(data or {})}, **kwargs)  # type: ignore[arg-type]

    async def __aenter__(self) -> Console:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.client.aclose()


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def ensure_account(app: FastAPI, username: str) -> None:
    """The accounts of ACCOUNTS are made on first use (argon2 hashing is slow)."""
    made: set[str] = app.state.__dict__.setdefault("console_accounts", set())
    known = {name: (role, op) for name, role, op in ACCOUNTS.values()}
    if username in known and username not in made:
        role, operator = known[username]
        await make_staff(app.state.runtime, username, role=role, operator_id=operator, password=PASSWORD)
        made.add(username)


async def login(app: FastAPI, username: str, password: str = PASSWORD) -> Console:
    await ensure_account(app, username)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
    form = await client.get("/console/login")
    assert form.status_code == 200
    done = await client.post("/console/login", data={
        "csrf": csrf_of(form.text), "username": username, "password": password, "next": "/console/"})
    assert done.status_code == 303, done.text
    page = await client.get("/console/", follow_redirects=True)  # a reviewer lands on the queue
    assert page.status_code == 200, page.text
    return Console(client, csrf_of(page.text))


