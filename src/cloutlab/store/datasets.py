"""What a dataset on screen is: one or more accounts chosen together, from the demo or from imports."""

from __future__ import annotations

from dataclasses import dataclass

from cloutlab.store.demo import PERSONAS

AccountKey = tuple[str, str]


@dataclass(frozen=True)
class Dataset:
    id: str  # "demo:<persona>" or "import:<platform>:<account>" or "import:all"
    label: str
    accounts: tuple[AccountKey, ...]
    is_demo: bool
    blurb: str = ""


def demo_datasets() -> list[Dataset]:
    """One dataset per demo persona, in the documented order."""
    return [
        Dataset(f"demo:{p.name}", f"Demo: {p.title}", tuple(p.keys), True, p.blurb) for p in PERSONAS.values()
    ]


def import_datasets(accounts: list[AccountKey]) -> list[Dataset]:
    """A dataset per imported account, plus one combining them all when there are several."""
    out = [Dataset(f"import:{pf}:{name}", f"Imported: {name} ({pf})", ((pf, name),), False) for pf, name in accounts]
    if len(accounts) > 1:
        out.insert(0, Dataset("import:all", "Imported: all my accounts together", tuple(accounts), False))
    return out
