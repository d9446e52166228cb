# CareSlot: build a wheel in one stage, run it as a non-root user in the next.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY services ./services
COPY db ./db
COPY migrations ./migrations
RUN pip install --no-cache-dir --upgrade pip build \
    && python -m build --wheel --outdir /wheels .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CARESLOT_DATA_DIR=/var/lib/careslot \
    CARESLOT_HTTP_HOST=0.0.0.0 \
    CARESLOT_HTTP_PORT=8080 \
    CARESLOT_MODE=run
RUN useradd --create-home --uid 10001 careslot \
    && mkdir -p /var/lib/careslot && chown careslot:careslot /var/lib/careslot
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER careslot
WORKDIR /home/careslot
EXPOSE 8080
# Alive = /healthz answers (the slim image has no curl; Python is there anyway).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as r; r.urlopen('http://127.0.0.1:%s/healthz' % os.environ['CARESLOT_HTTP_PORT'], timeout=2)"
# Migrations first, then polling (CARESLOT_MODE=run) or the webhook (CARESLOT_MODE=webhook);
# SIGTERM from `docker stop` shuts the bot down cleanly.
CMD ["sh", "-c", "careslot migrate && exec careslot \"$CARESLOT_MODE\""]
