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

    @property
    def persona(self) -> str | None:
        """The demo persona's name (None for an import)."""
        return persona_of(self.id)


def persona_of(dataset_id: str) -> str | None:
    """"demo:<persona>" -> the persona's name; any other id (an import) -> None. The one reading of an id."""
    kind, _, rest = dataset_id.partition(":")
    return rest if kind == "demo" else None


def account_of(dataset_id: str) -> AccountKey | None:
    """"import:<platform>:<account>" -> (platform, account) (an account may hold ':', e.g. a Bluesky DID);
    any other id -> None."""
    kind, _, rest = dataset_id.partition(":")
    platform, sep, account = rest.partition(":")
    return (platform, account) if kind == "import" and sep and platform and account else None


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
