"""docker-compose.yml is a valid Compose file: checked against the Compose Specification's JSON
Schema (a copy in tests/data/compose-spec/, with its licence), as Docker Compose v2 reads it.

No Docker engine runs here, so this is the check `docker compose config` would make: the file
is read as YAML, its ${VARIABLES} interpolated the way Compose does from the operator's .env
(here .env.example with its two required secrets filled in), then validated by the schema.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "tests" / "data" / "compose-spec" / "compose-spec.json"
COMPOSE_FILE = ROOT / "docker-compose.yml"

# $$, ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error},
# ${NAME:+alternative}, ${NAME+alternative}, $NAME: Compose's interpolation syntax.
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<operator>:?[-?+])(?P<argument>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariable(ValueError):
    """A ${NAME:?message} whose variable is unset or empty: Compose refuses the file."""


def _interpolate(text: str, variables: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        value = variables.get(name)
        operator, argument = match["operator"] or "", match["argument"] or ""
        is_set = value is not None and (value != "" or not operator.startswith(":"))
        if operator.endswith("-"):
            return value if is_set else argument
        if operator.endswith("?"):
            if not is_set:
                raise MissingVariable(f"{name}: {argument}")
            return value
        if operator.endswith("+"):
            return argument if is_set else ""
        return value or ""

    return _VARIABLE.sub(replace, text)


def _interpolated(node, variables: dict[str, str]):
    if isinstance(node, str):
        return _interpolate(node, variables)
    if isinstance(node, list):
        return [_interpolated(item, variables) for item in node]
    if isinstance(node, dict):
        return {key: _interpolated(value, variables) for key, value in node.items()}
    return node


def _env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments and blank lines skipped, quotes removed)."""
    variables = {}
    for line in path.read_text().splitlines():
        match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line.strip())
        if match:
            variables[match[1]] = match[2].strip().strip("\"'")
    return variables


def _operator_env() -> dict[str, str]:
    """.env.example as an operator fills it in: the two required secrets given."""
    return {
        **_env_file(ROOT / ".env.example"),
        "DJANGO_SECRET_KEY": "a-secret-key-of-fifty-characters-" + "x" * 17,
        "POSTGRES_PASSWORD": "letters0and0digits",
    }


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    # The schema names draft 07 by an https address jsonschema does not know: say it here.
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _errors(document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in sorted(_validator().iter_errors(document), key=lambda e: list(e.path))
    ]


def _compose() -> dict:
    return _interpolated(yaml.safe_load(COMPOSE_FILE.read_text()), _operator_env())


def test_docker_compose_yml_is_valid_against_the_compose_specification():
    assert _errors(_compose()) == []


def test_the_file_is_valid_before_interpolation_too():
    """`docker compose config --no-interpolate` reads the file as written."""
    assert _errors(yaml.safe_load(COMPOSE_FILE.read_text())) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda c: c["services"]["web"].update(enviroment={"A": "b"}), "services/web"),
        (lambda c: c["services"]["web"].update(ports=8000), "services/web/ports"),
        (lambda c: c["services"]["worker"].update(restart=["always"]), "services/worker/restart"),
        (
            lambda c: c["services"]["web"]["depends_on"]["migrate"].update(condition="done"),
            "services/web/depends_on",
        ),
        (lambda c: c.update(volume={}), "(top)"),
    ],
    ids=["misspelt key", "ports not a list", "restart not a string", "unknown condition", "top"],
)
def test_the_check_refuses_a_broken_file(change, where):
    """Guards the check itself: the mistakes a hand edit makes are caught."""
    broken = copy.deepcopy(_compose())
    change(broken)
    errors = _errors(broken)
    assert errors
    assert any(error.startswith(where) for error in errors), errors


@pytest.mark.parametrize("secret", ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"])
def test_compose_refuses_to_start_while_a_required_secret_is_empty(secret):
    """As the README says: .env.example copied and not filled in leaves the secrets empty."""
    variables = {**_operator_env(), secret: _env_file(ROOT / ".env.example")[secret]}
    with pytest.raises(MissingVariable, match=f"{secret}: set {secret} in .env"):
        _interpolated(yaml.safe_load(COMPOSE_FILE.read_text()), variables)


def test_the_web_server_trusts_the_one_reverse_proxy_in_front_of_it():
    """docker-compose.yml puts web behind the host's TLS reverse proxy: one proxy."""
    services = _compose()["services"]
    assert str(services["web"]["environment"]["UNTOP_TRUSTED_PROXY_COUNT"]) == "1"
