"""The operator's files agree with the code: the image copies every package and asks
/healthz, compose runs the webhook behind the proxy, the proxy passes only what it must.

(Building the image needs a Docker daemon, which the test machines do not have; these
checks catch the mistakes that would make a built image useless.)"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_image_copies_every_package_and_checks_its_health() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = [p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    for package in packages:
        assert re.search(rf"^COPY {package} \./{package}$", dockerfile, re.M), package
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", dockerfile, re.M)
    assert "CARESLOT_HTTP_HOST=0.0.0.0" in dockerfile and "EXPOSE 8080" in dockerfile
    assert 'careslot migrate && exec careslot \\"$CARESLOT_MODE\\"' in dockerfile
    assert re.search(r"^USER careslot$", dockerfile, re.M)  # not root


def test_compose_runs_the_webhook_behind_the_proxy() -> None:
    compose = (ROOT / "docker-compose.yml").read_text()
    for service in ("db", "bot", "proxy"):
        assert re.search(rf"^  {service}:$", compose, re.M), service
    assert "CARESLOT_MODE: webhook" in compose
    assert "CARESLOT_WEBHOOK_URL: https://${CARESLOT_PUBLIC_HOST}/telegram" in compose
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in compose
    assert "condition: service_healthy" in compose


def test_the_proxy_passes_the_webhook_and_feeds_only() -> None:
    caddy = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.findall(r"handle (\S+) \{", caddy) == ["/calendar/*", "/telegram"]
    assert caddy.count("reverse_proxy bot:8080") == 2
    assert "respond 404" in caddy  # /readyz, /metrics and the rest stay inside
    assert "max_size 256KB" in caddy  # as CARESLOT_WEBHOOK_MAX_BODY_BYTES
