# HMPPS Person Graph: `person-graph serve` on port 8080, as a non-root user.
# Build: docker build --build-arg BUILD_NUMBER=... --build-arg GIT_REF=$(git rev-parse HEAD) \
#          --build-arg GIT_BRANCH=main --build-arg BUILD_TIME=$(date -u +%FT%TZ) -t hmpps-person-graph .
# tests/structure/test_deployment.py checks this file's command, port and health path against the server.
FROM python:3.11-slim

ARG BUILD_NUMBER=unknown
ARG GIT_REF=unknown
ARG GIT_BRANCH=unknown
ARG BUILD_TIME=unknown

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --gid 2000 appgroup && useradd --uid 2000 --gid appgroup --create-home --shell /usr/sbin/nologin appuser

WORKDIR /app
# Dependencies first (a layer that changes only with the lock), every one checked against its hash.
COPY requirements.lock ./
RUN python -m venv /app/.venv && /app/.venv/bin/pip install --require-hashes -r requirements.lock
COPY --chown=appuser:appgroup . .
RUN /app/.venv/bin/pip install --no-deps -e . --config-settings editable_mode=compat

ENV PATH=/app/.venv/bin:$PATH \
    HOST=0.0.0.0 \
    PORT=8080 \
    WORKERS=2 \
    BUILD_NUMBER=${BUILD_NUMBER} \
    GIT_REF=${GIT_REF} \
    GIT_BRANCH=${GIT_BRANCH} \
    BUILD_TIME=${BUILD_TIME}

USER 2000
EXPOSE 8080

# The process answers: liveness only (readiness is Kubernetes' to ask, on /health/readiness).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/health/liveness', timeout=4)"]

# Exec form: the server is PID 1 and gets SIGTERM itself (drain, then finish what is in flight).
# HOST, PORT and WORKERS come from the environment above (or the deployment's).
CMD ["person-graph", "serve"]
