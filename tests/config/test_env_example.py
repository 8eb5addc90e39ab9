"""`.env.example` and the README's Configuration table list every variable the settings read."""

import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# env("NAME", ...), env.int("NAME", ...), env.list(\n "NAME", ...): every read goes through `env`.
SETTINGS_READ = re.compile(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"")
# NAME=value, or "# NAME=value" for a variable whose default depends on another.
EXAMPLE_LINE = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=", re.MULTILINE)
README_ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|", re.MULTILINE)


def variables_settings_read():
    return set(SETTINGS_READ.findall((PROJECT_ROOT / "config" / "settings.py").read_text()))


def configuration_section():
    readme = (PROJECT_ROOT / "README.md").read_text()
    return readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]


def test_settings_read_the_environment_for_some_variables():
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL"} <= variables_settings_read()


def test_env_example_lists_exactly_the_variables_settings_read():
    listed = set(EXAMPLE_LINE.findall((PROJECT_ROOT / ".env.example").read_text()))
    assert listed == variables_settings_read()


def test_readme_configuration_table_lists_exactly_the_variables_settings_read():
    assert set(README_ROW.findall(configuration_section())) == variables_settings_read()
