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
    CARESLOT_DATA_DIR=/var/lib/careslot
RUN useradd --create-home --uid 10001 careslot \
    && mkdir -p /var/lib/careslot && chown careslot:careslot /var/lib/careslot
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER careslot
WORKDIR /home/careslot
# Migrations first, then long polling; SIGTERM from `docker stop` shuts the bot down cleanly.
CMD ["sh", "-c", "careslot migrate && exec careslot run"]
