"""Dependencies run one way: posts builds on accounts, and accounts knows nothing of posts."""

import ast
from pathlib import Path

import accounts


def imported_modules(path):
    """The absolute names of the modules that the Python file at `path` imports."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_no_module_of_accounts_imports_posts():
    folder = Path(accounts.__file__).parent

    offenders = {
        f"{path.relative_to(folder.parent)}: {module}"
        for path in folder.rglob("*.py")
        for module in imported_modules(path)
        if module == "posts" or module.startswith("posts.")
    }

    assert offenders == set()
