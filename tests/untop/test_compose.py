"""Keep the docker compose set-up honest without a Docker engine.

`docker compose` cannot run on the development machines or in CI, so these tests check by
plain text what can be checked: docker-compose.yml declares each service with the same
commands the portal runs elsewhere, the report volume is where the settings put the PDFs,
every variable named in docker-compose.yml, .env.example and the Dockerfile is one the
settings read, and the image installs the hashed runtime lock. docker-compose.yml is written
without YAML anchors so that splitting it by indentation is enough.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()
DOCKERIGNORE = (ROOT / ".dockerignore").read_text()
SETTINGS = (ROOT / "untop" / "settings.py").read_text()

# Variables of the postgres image itself (it creates the database from them), not the portal's.
POSTGRES_IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
VARIABLE_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
PORTAL_SERVICES = ("migrate", "web", "worker", "beat")


def _settings_variables() -> set[str]:
    """The environment variables untop/settings.py reads: env.str("NAME", ...) and the like."""
    return set(
        re.findall(r"\.(?:str|bool|int|list|db_url|email_url)\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS)
    )


def _top_level(key: str) -> str:
    """The lines under a top-level key of docker-compose.yml, up to the next top-level key."""
    match = re.search(rf"^{key}:\n(.*?)(?=^\S|\Z)", COMPOSE, re.MULTILINE | re.DOTALL)
    assert match, f"docker-compose.yml has no top-level {key}:"
    return match.group(1)


def _services() -> dict[str, str]:
    """Each service's name and the text of its block (the keys indented by two spaces)."""
    parts = re.split(r"^  ([a-z][a-z0-9_-]*):[ \t]*\n", _top_level("services"), flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _command(service: str) -> str:
    """A service's command as one line: the JSON-style list joined with spaces."""
    match = re.search(r"^    command: \[(.*)\]$", _services()[service], re.MULTILINE)
    assert match, f"{service} has no command: [...] line"
    return " ".join(re.findall(r'"([^"]*)"', match.group(1)))


def _environment(service: str) -> dict[str, str]:
    """A service's environment: block as written (values not interpolated)."""
    match = re.search(r"^    environment:\n((?:      .*\n)+)", _services()[service], re.MULTILINE)
    if not match:
        return {}
    return dict(re.findall(r"^      ([A-Z][A-Z0-9_]*): (.*)$", match.group(1), re.MULTILINE))


def _volumes(service: str) -> dict[str, str]:
    """A service's volume mounts: mount path in the container to named volume."""
    match = re.search(r"^    volumes:\n((?:      - .*\n)+)", _services()[service], re.MULTILINE)
    if not match:
        return {}
    mounts = re.findall(r"^      - ([\w-]+):(\S+)$", match.group(1), re.MULTILINE)
    return {target: volume for volume, target in mounts}


def test_settings_variables_are_found():
    """Guards the regular expression the other tests rely on."""
    assert {
        "DJANGO_DEBUG",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "DJANGO_EMAIL_URL",
        "DJANGO_DEFAULT_FROM_EMAIL",
        "DJANGO_MEDIA_ROOT",
        "DJANGO_STATIC_ROOT",
        "DJANGO_SECURE_SSL_REDIRECT",
        "UNTOP_VAR_DIR",
    } <= _settings_variables()


def test_compose_declares_every_service():
    assert set(_services()) == {"db", "redis", "migrate", "web", "worker", "beat"}


def test_database_and_broker_images_and_health_checks():
    services = _services()
    assert re.search(r"^    image: postgres:15$", services["db"], re.MULTILINE)
    assert "pg_isready -U untop -d untop" in services["db"]
    assert re.search(r"^    image: redis:7$", services["redis"], re.MULTILINE)
    assert '["CMD", "redis-cli", "ping"]' in services["redis"]
    assert "postgres-data:/var/lib/postgresql/data" in services["db"]


def test_portal_services_run_the_portal_commands_from_one_image():
    services = _services()
    assert _command("migrate") == "python manage.py migrate --no-input"
    assert _command("web").startswith("gunicorn untop.wsgi --bind 0.0.0.0:8000")
    assert _command("worker").startswith("celery -A untop worker --loglevel=INFO")
    assert _command("beat").startswith("celery -A untop beat --loglevel=INFO")
    for name in PORTAL_SERVICES:
        assert "    build: .\n" in services[name], name
        assert "    image: untop-portal:latest\n" in services[name], name
        assert "    env_file: .env\n" in services[name], name


def test_dockerfile_default_command_is_the_web_command():
    match = re.search(r"^CMD \[(.*)\]$", DOCKERFILE, re.MULTILINE)
    assert match
    assert " ".join(re.findall(r'"([^"]*)"', match.group(1))) == _command("web")


def test_portal_services_start_after_migrations_and_healthy_services():
    services = _services()
    assert re.search(r"db:\n\s+condition: service_healthy", services["migrate"])
    for name in ("web", "worker", "beat"):
        block = services[name]
        assert re.search(r"migrate:\n\s+condition: service_completed_successfully", block), name
        assert re.search(r"redis:\n\s+condition: service_healthy", block), name


def test_web_health_check_asks_the_health_page():
    match = re.search(r'test: \["CMD", "python", "-c", "(.*)"\]$', _services()["web"], re.MULTILINE)
    assert match, "web has no python health check"
    snippet = match.group(1)
    assert "http://127.0.0.1:8000/health/" in snippet
    # The reverse proxy's headers: an allowed Host, and HTTPS so there is no redirect.
    assert "'X-Forwarded-Proto': 'https'" in snippet
    assert "DJANGO_ALLOWED_HOSTS" in snippet
    compile(snippet, "web health check", "exec")
    assert re.search(r"^  *path\(\"health/\", health", (ROOT / "untop/urls.py").read_text(), re.M)


def test_portal_services_get_the_required_settings():
    for name in PORTAL_SERVICES:
        environment = _environment(name)
        assert environment["DJANGO_SECRET_KEY"] == (
            "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY in .env}"
        ), name
        assert re.fullmatch(
            r"postgres://untop:\$\{POSTGRES_PASSWORD:\?[^}]*\}@db:5432/untop",
            environment["DATABASE_URL"],
        ), name
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0", name
    assert _environment("db")["POSTGRES_USER"] == "untop"
    assert _environment("db")["POSTGRES_DB"] == "untop"


@pytest.mark.parametrize("service", ["web", "worker"])
def test_report_volume_is_mounted_at_the_media_root(service):
    """The worker writes the PDFs and web sends them: one volume, at DJANGO_MEDIA_ROOT."""
    media_root = _environment(service)["DJANGO_MEDIA_ROOT"]
    assert _volumes(service).get(media_root) == "report-files"
    assert f"DJANGO_MEDIA_ROOT={media_root} " in DOCKERFILE.replace("\\\n", " ")
    assert re.search(r"^  report-files:$", _top_level("volumes"), re.MULTILINE)


def test_beat_keeps_its_schedule_in_a_volume():
    schedule = re.search(r"--schedule=(\S+)", _command("beat"))
    assert schedule
    assert any(schedule.group(1).startswith(f"{target}/") for target in _volumes("beat")), (
        "the schedule file is not in a mounted volume"
    )


def test_compose_names_only_variables_the_settings_read():
    known = _settings_variables() | POSTGRES_IMAGE_VARIABLES
    assert set(VARIABLE_NAME.findall(COMPOSE)) - known == set()


def test_env_example_names_only_variables_the_settings_read():
    known = _settings_variables() | POSTGRES_IMAGE_VARIABLES
    assert set(VARIABLE_NAME.findall(ENV_EXAMPLE)) - known == set()


def test_env_example_defines_what_compose_requires_with_a_comment_each():
    lines = ENV_EXAMPLE.splitlines()
    assigned = {}
    for index, line in enumerate(lines):
        match = re.match(r"([A-Z][A-Z0-9_]*)=", line)
        if match:
            assert index > 0 and lines[index - 1].startswith("# "), f"{line} has no comment"
            assigned[match.group(1)] = line
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE))
    assert interpolated == {"DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"}
    assert interpolated <= set(assigned)
    # No secret ships in the example: compose refuses to start until they are filled in.
    assert assigned["DJANGO_SECRET_KEY"] == "DJANGO_SECRET_KEY="
    assert assigned["POSTGRES_PASSWORD"] == "POSTGRES_PASSWORD="
    assert assigned["DJANGO_DEBUG"] == "DJANGO_DEBUG=false"
    assert set(assigned) >= {
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        "DJANGO_EMAIL_URL",
        "DJANGO_DEFAULT_FROM_EMAIL",
    }
    assert assigned["DJANGO_EMAIL_URL"].startswith("DJANGO_EMAIL_URL=smtp")


def test_dockerfile_installs_the_hashed_runtime_lock():
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", DOCKERFILE, re.MULTILINE)
    install = re.search(r"^RUN pip install (.*)$", DOCKERFILE, re.MULTILINE)
    assert install
    assert install.group(1).split() == ["--require-hashes", "-r", "requirements.lock"]
    assert "requirements-dev.lock" not in DOCKERFILE
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libfontconfig1"):
        assert re.search(rf"\s{re.escape(package)}\s", DOCKERFILE), package


def test_dockerfile_builds_static_files_and_runs_as_a_user():
    assert "python manage.py collectstatic --no-input" in DOCKERFILE
    user = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert user and not user[-1].startswith(("root", "0"))
    names = {name for name in VARIABLE_NAME.findall(DOCKERFILE) if not name.startswith("PIP_")}
    assert names - _settings_variables() == set()


def test_dockerignore_keeps_local_state_and_secrets_out():
    patterns = set(DOCKERIGNORE.split("\n"))
    assert {".venv", "var", "node_modules", ".git", ".env", "tests/e2e/screenshots"} <= patterns
    for needed in ("requirements.lock", "static", "static/vendor", "manage.py", "untop", "*"):
        assert needed not in patterns, needed
