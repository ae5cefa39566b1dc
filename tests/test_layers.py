"""The layers of ARCHITECTURE.md hold: import-linter's contracts in pyproject.toml ([tool.importlinter]),
run as `lint-imports` runs them."""

import pytest
from importlinter import configuration
from importlinter.application import use_cases
from importlinter.application.app_config import settings as linter_settings

from huitoukan.settings import BASE_DIR

CONFIG = str(BASE_DIR / "pyproject.toml")
CONTRACTS = ("layers", "no-cycles")


def kept(contract: str, *extra_imports) -> bool:
    """Whether `contract` holds over the real import graph plus `extra_imports` (importer, imported)."""
    configuration.configure()  # what the lint-imports command sets up
    builder = linter_settings.GRAPH_BUILDER

    class WithExtraImports:
        def build(self, **options):
            graph = builder.build(**options)
            for importer, imported in extra_imports:
                graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import it")
            return graph

    linter_settings.configure(GRAPH_BUILDER=WithExtraImports())
    try:
        return use_cases.lint_imports(config_filename=CONFIG, limit_to_contracts=(contract,), cache_dir=None,
                                      no_logo=True, is_debug_mode=True)
    finally:
        linter_settings.configure(GRAPH_BUILDER=builder)


@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_contract_holds(contract):
    assert kept(contract)


@pytest.mark.parametrize("importer, imported", [
    ("units.codes", "accounts.scoping"),  # ground reaching up
    ("checklists.services", "rectification.services"),  # a writer calling the next one instead of announcing
    ("rectification.services", "dashboards.tasks"),  # a writer calling the read side
    ("spotchecks.views", "exports.spotcheck_report"),
    ("core.excel", "units.models"),  # core is ground: no app below it
    ("units.models", "accounts.roles"),  # the role vocabulary is ground (units/roles.py)
    ("accounts.unit_access", "households.models"),  # the gates to units sit below the roster
    ("households.views", "unitpages.selectors"),  # the unit pages count households: they sit above them
    ("core.views", "rectification.selectors"),  # the home page is the project's (huitoukan/homes.py)
    ("unitpages.views", "huitoukan.homes"),
])
def test_an_upward_import_breaks_the_layers(importer, imported):
    assert not kept("layers", (importer, imported))
    assert kept("no-cycles", (importer, imported))


def test_an_import_cycle_inside_an_app_breaks_the_contract():
    # campaigns.services imports tasks, which imports worklist: worklist importing services closes a loop.
    assert not kept("no-cycles", ("campaigns.worklist", "campaigns.services"))
    assert kept("layers", ("campaigns.worklist", "campaigns.services"))
