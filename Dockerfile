# syntax=docker/dockerfile:1
# vexe: one image for the API (`vexe serve`) and the tap worker (`vexe worker`).
#   docker build -t vexe .
#   docker compose up            (see compose.yaml and docs/deployment.md)
# Stage 1 builds wheels for vexe and every dependency; stage 2 installs nothing from the network
# and runs as an unprivileged user.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src
# Metadata first so the dependency layer is cached until pyproject.toml changes.
COPY pyproject.toml README.md LICENSE ./
COPY ticketing ./ticketing
COPY gateway ./gateway
COPY validators ./validators
COPY mobile_api ./mobile_api
COPY vexe ./vexe

# Wheels for vexe and its server extra, then a virtual environment built only from them.
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[server]" \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl \
    && /opt/venv/bin/vexe --version


FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="vexe" \
      org.opencontainers.image.description="Open-source transit e-ticketing (GTFS Fares v2, signed QR tickets, offline validators, clearing ledger)" \
      org.opencontainers.image.licenses="Apache-2.0"

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VEXE_DATA_DIR=/var/lib/vexe

RUN groupadd --system --gid 10001 vexe \
    && useradd --system --uid 10001 --gid vexe --home-dir /var/lib/vexe --create-home \
       --shell /usr/sbin/nologin vexe

COPY --from=builder /opt/venv /opt/venv
# vexe.migrate and the demo look for these under <venv>/share/vexe when vexe is a wheel install.
COPY migrations /opt/venv/share/vexe/migrations
COPY data/gtfs /opt/venv/share/vexe/data/gtfs

USER 10001:10001
WORKDIR /var/lib/vexe
EXPOSE 8000

# Liveness with the standard library only (no curl in the slim image).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3).status == 200 else 1)"]

CMD ["vexe", "serve", "--host", "0.0.0.0", "--port", "8000"]
