FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FRONTDESK_DB_PATH=/data/frontdesk.sqlite3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY desk ./desk
COPY views ./views
COPY storage ./storage
COPY config ./config
COPY logic ./logic
COPY relay ./relay
COPY playground ./playground
COPY standin ./standin
RUN pip install --no-cache-dir . \
    && useradd --system --create-home frontdesk \
    && mkdir -p /data && chown frontdesk /data

USER frontdesk
VOLUME ["/data"]
# Fails fast with a one-line error if a setting is missing or the database is unusable.
HEALTHCHECK --interval=5m --timeout=20s CMD ["frontdesk", "check", "--offline"]
ENTRYPOINT ["frontdesk"]
CMD ["run"]
