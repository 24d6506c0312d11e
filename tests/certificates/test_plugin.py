"""Certificates are their own app inside the learning plugin: they depend on `learning`, and
`learning` never imports them (it announces completion through hooks and asks for dashboard
and completion panels through hooks)."""

import ast
from pathlib import Path

from django.apps import apps

LEARNING = Path(__file__).resolve().parents[2] / "learning"
CERTIFICATES = LEARNING / "certificates"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                package = path.parent.relative_to(LEARNING.parent).parts
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
                names.add(module)
                names.update(f"{module}.{alias.name}" for alias in node.names)
            elif node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_learning_never_imports_its_certificates_app():
    offenders = []
    for path in LEARNING.rglob("*.py"):
        if CERTIFICATES in path.parents:
            continue
        for name in _imports(path):
            if name == "learning.certificates" or name.startswith("learning.certificates."):
                offenders.append(f"{path.relative_to(LEARNING.parent)} imports {name}")
    assert offenders == []


def test_learning_templates_do_not_name_certificate_urls():
    offenders = [
        str(path.relative_to(LEARNING.parent))
        for path in (LEARNING / "templates").rglob("*.html")
        if "'certificates:" in path.read_text(encoding="utf-8")
        or '"certificates:' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_certificates_is_an_app_with_its_own_label_and_tables_kept():
    config = apps.get_app_config("certificates")
    assert config.name == "learning.certificates"
    tables = {model._meta.db_table for model in config.get_models()}
    assert {"learning_certificate", "learning_certificatetemplate"} <= tables


def test_the_checker_sees_an_import_when_there_is_one(tmp_path):
    """The scan above is only as good as its parser: an import of the app is seen."""
    module = LEARNING / "views.py"
    source = module.read_text(encoding="utf-8")
    assert "learning.certificates" not in str(_imports(module))
    fake = tmp_path / "fake.py"
    fake.write_text(source + "\nfrom learning.certificates import models\n", encoding="utf-8")
    assert "learning.certificates.models" in _imports(fake)
