"""What a dataset on screen is: one or more accounts chosen together, from the demo or from imports, and
its id (DatasetId), the one place an id is written and read."""

from __future__ import annotations

from dataclasses import dataclass

from cloutlab.store.demo import PERSONAS

AccountKey = tuple[str, str]

# How an id is spelled: "demo:<persona>", "import:<platform>:<account>" or "import:all". The text travels in
# session state, links (?dataset=) and the imports table's demo marker; only DatasetId writes or reads it.
DEMO, IMPORT, ALL, SEP = "demo", "import", "all", ":"


@dataclass(frozen=True)
class DatasetId:
    """A dataset's identity: a demo persona, one imported account, or (neither) every import together."""

    persona: str | None = None
    account: AccountKey | None = None

    @classmethod
    def demo(cls, persona: str) -> DatasetId:
        return cls(persona=persona)

    @classmethod
    def imported(cls, platform: str, account: str) -> DatasetId:
        return cls(account=(platform, account))

    @classmethod
    def parse(cls, text: str) -> DatasetId | None:
        """The id written as `text`, or None when it is not one (an account may hold ':', e.g. a Bluesky
        DID, so everything after the platform is the account)."""
        kind, _, rest = str(text).partition(SEP)
        if kind == DEMO:
            return cls.demo(rest) if rest else None
        if kind == IMPORT:
            if rest == ALL:
                return cls()
            platform, sep, account = rest.partition(SEP)
            return cls.imported(platform, account) if sep and platform and account else None
        return None

    def __str__(self) -> str:
        if self.persona is not None:
            return f"{DEMO}{SEP}{self.persona}"
        if self.account is not None:
            return SEP.join((IMPORT, *self.account))
        return f"{IMPORT}{SEP}{ALL}"

    @property
    def is_demo(self) -> bool:
        return self.persona is not None

    @property
    def seed(self) -> str:
        """The seed of this dataset's daily jitter (opaque.jitter hashes it into every score). Frozen, and
        spelled here apart from the id's text on purpose: a new spelling of the id must not move a score."""
        if self.persona is not None:
            return f"demo:{self.persona}"
        if self.account is not None:
            return "import:{}:{}".format(*self.account)
        return "import:all"


def persona_of(dataset_id: str) -> str | None:
    """The persona's name for a demo id; None for any other id (an import) or text."""
    parsed = DatasetId.parse(dataset_id)
    return parsed.persona if parsed else None


def account_of(dataset_id: str) -> AccountKey | None:
    """(platform, account) for the id of one imported account; None for any other id or text."""
    parsed = DatasetId.parse(dataset_id)
    return parsed.account if parsed else None


def is_import(dataset_id: str) -> bool:
    """An id of imported data (one account or all of them)."""
    parsed = DatasetId.parse(dataset_id)
    return parsed is not None and not parsed.is_demo


@dataclass(frozen=True)
class Dataset:
    key: DatasetId
    label: str
    accounts: tuple[AccountKey, ...]
    blurb: str = ""

    @property
    def id(self) -> str:
        """The id as text (session state, links, cache keys)."""
        return str(self.key)

    @property
    def is_demo(self) -> bool:
        return self.key.is_demo

    @property
    def persona(self) -> str | None:
        """The demo persona's name (None for an import)."""
        return self.key.persona

    @property
    def seed(self) -> str:
        """The seed of the dataset's score jitter (DatasetId.seed)."""
        return self.key.seed


def demo_datasets() -> list[Dataset]:
    """One dataset per demo persona, in the documented order."""
    return [Dataset(DatasetId.demo(p.name), f"Demo: {p.title}", tuple(p.keys), p.blurb) for p in PERSONAS.values()]


def import_datasets(accounts: list[AccountKey]) -> list[Dataset]:
    """A dataset per imported account, plus one combining them all when there are several."""
    out = [Dataset(DatasetId.imported(pf, name), f"Imported: {name} ({pf})", ((pf, name),)) for pf, name in accounts]
    if len(accounts) > 1:
        out.insert(0, Dataset(DatasetId(), "Imported: all my accounts together", tuple(accounts)))
    return out
