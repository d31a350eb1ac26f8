"""Rows <-> domain objects. Core SQL on the unit of work's connection: one item at a time
for people's moves, set-based for what moves many at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, bindparam, exists, func, insert, select, update
from sqlalchemy.engine import RowMapping

from arshjul.errors import Conflict, NotFound
from arshjul.states.lifecycle import State
from arshjul.states.model import (
    FIRST_BODY,
    Body,
    Item,
    ItemRef,
    Organisation,
    Person,
    Role,
    id_prefix,
)
from arshjul.store import history
from arshjul.store.bulk import insert_rows
from arshjul.store.tables import (
    BodyMemberRow,
    BodyRow,
    CycleRow,
    HistoryRow,
    ItemNumberRow,
    ItemRestrictionRow,
    ItemRow,
    OrganisationRow,
    PersonRoleRow,
    PersonRow,
)

ORG = OrganisationRow.__table__  # type: ignore[attr-defined]
PERSON = PersonRow.__table__  # type: ignore[attr-defined]
ROLE = PersonRoleRow.__table__  # type: ignore[attr-defined]
CYCLE = CycleRow.__table__  # type: ignore[attr-defined]
NUMBER = ItemNumberRow.__table__  # type: ignore[attr-defined]
BODY = BodyRow.__table__  # type: ignore[attr-defined]
MEMBER = BodyMemberRow.__table__  # type: ignore[attr-defined]
ITEM = ItemRow.__table__  # type: ignore[attr-defined]
RESTRICTION = ItemRestrictionRow.__table__  # type: ignore[attr-defined]
HISTORY = HistoryRow.__table__  # type: ignore[attr-defined]

_CHUNK = 500  # ids per IN (...): well inside every backend's parameter limit

_proposer = PERSON.alias("proposer")
_owner = PERSON.alias("owner")


def _with_names(query: Any) -> Any:
    """An item query joined to the names it shows: its organisation, proposer and owner."""
    return (
        query.join(ORG, ORG.c.id == ITEM.c.org_id)
        .join(_proposer, _proposer.c.id == ITEM.c.proposer_id)
        .outerjoin(_owner, _owner.c.id == ITEM.c.owner_id)
    )


_ITEM_SELECT = _with_names(
    select(
        ITEM,
        ORG.c.name.label("org_name"),
        _proposer.c.email.label("proposer_email"),
        _owner.c.email.label("owner_email"),
    )
)

# Items by id with their need-to-know organisations, one row per (item, organisation): a
# person's move reads its item in one statement.
_restricted_org = ORG.alias("restricted_org")
_ITEMS_BY_ID = (
    _ITEM_SELECT.add_columns(_restricted_org.c.name.label("restricted_name"))
    .outerjoin(RESTRICTION, RESTRICTION.c.item_id == ITEM.c.id)
    .outerjoin(_restricted_org, _restricted_org.c.id == RESTRICTION.c.org_id)
    .where(ITEM.c.id.in_(bindparam("ids", expanding=True)))
)
# Just enough of many items to route mail about them (ItemRef).
_REF_SELECT = (
    select(
        ITEM.c.id,
        ITEM.c.cycle,
        ITEM.c.state,
        _proposer.c.email.label("proposer_email"),
        _owner.c.email.label("owner_email"),
    )
    .join(_proposer, _proposer.c.id == ITEM.c.proposer_id)
    .outerjoin(_owner, _owner.c.id == ITEM.c.owner_id)
)
_REFS_BY_ID = _REF_SELECT.where(ITEM.c.id.in_(bindparam("ids", expanding=True)))
_CYCLE_REFS = _REF_SELECT.where(
    ITEM.c.body_id == bindparam("body"), ITEM.c.cycle == bindparam("cycle")
).order_by(ITEM.c.number)
_VERSIONS = select(ITEM.c.id, ITEM.c.version).where(
    ITEM.c.id.in_(bindparam("ids", expanding=True)), ITEM.c.body_id == bindparam("body")
)

# A person's move written back, if nobody changed the item since it was read (the statement is
# built once: building it is dearer than running it).
_SAVE = (
    update(ITEM)
    .where(ITEM.c.id == bindparam("b_id"), ITEM.c.version == bindparam("b_version"))
    .values(
        state=bindparam("b_state"),
        rank=bindparam("b_rank"),
        owner_id=select(PERSON.c.id)
        .where(PERSON.c.email == bindparam("b_owner"))
        .scalar_subquery(),
        due=bindparam("b_due"),
        decided_at=bindparam("b_decided_at"),
        no_carry=bindparam("b_no_carry"),
        assessment=bindparam("b_assessment"),
        version=ITEM.c.version + 1,
        updated_at=bindparam("b_at"),
    )
)

# People with their roles in a body and whether their organisation takes part in it, one row
# per (person, role).
_manager = PERSON.alias("manager")
_PERSON_SELECT = (
    select(
        PERSON,
        ORG.c.name.label("org_name"),
        ORG.c.lead,
        _manager.c.email.label("manager_email"),
        ROLE.c.role,
        MEMBER.c.kind.label("membership"),
    )
    .join(ORG, ORG.c.id == PERSON.c.org_id)
    .outerjoin(_manager, _manager.c.id == PERSON.c.manager_id)
    .outerjoin(ROLE, and_(ROLE.c.person_id == PERSON.c.id, ROLE.c.body_id == bindparam("body")))
    .outerjoin(MEMBER, and_(MEMBER.c.org_id == ORG.c.id, MEMBER.c.body_id == bindparam("body")))
    .order_by(ORG.c.name, PERSON.c.email)
)
_PERSON_BY_EMAIL = _PERSON_SELECT.where(PERSON.c.email == bindparam("email"))


def person_id(conn: Connection, email: str) -> int:
    """The row id of the person registered under `email` (who must be)."""
    found: int = conn.execute(select(PERSON.c.id).where(PERSON.c.email == email)).scalar_one()
    return found


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def restrictions(conn: Connection, *where: Any) -> dict[str, tuple[str, ...]]:
    """Restricted items' need-to-know, the organisations' names sorted: every restricted item's,
    or those `where` selects."""
    result: dict[str, list[str]] = defaultdict(list)
    query = select(RESTRICTION.c.item_id, ORG.c.name).join(ORG, ORG.c.id == RESTRICTION.c.org_id)
    for item_id, name in conn.execute(query.where(*where)):
        result[item_id].append(name)
    return {item_id: tuple(sorted(names)) for item_id, names in result.items()}


class Repository:
    """One a unit of work, in one body: its items, and its people's roles in it. It remembers
    the items and people it read or wrote in that transaction, so the service and the handlers
    after it (mail) share them instead of reading them again; a set-based change forgets what
    it changed."""

    def __init__(self, conn: Connection, body_id: int = FIRST_BODY) -> None:
        self.conn = conn
        self.body_id = body_id
        self._body: Body | None = None
        self._seen: dict[str, Item] = {}
        self._refs: dict[str, ItemRef] = {}  # what set-based changes moved, as they left it
        self._persons: dict[str, Person | None] = {}
        self._everyone: list[Person] | None = None

    # the body ---------------------------------------------------------------------------

    @property
    def body(self) -> Body:
        if self._body is None:
            row = self.conn.execute(
                select(BODY.c.id, BODY.c.short, BODY.c.name).where(BODY.c.id == self.body_id)
            ).one()
            self._body = Body(*row)
        return self._body

    def within(self, body_id: int) -> Repository:
        """A repository on the same transaction in another body."""
        return Repository(self.conn, body_id)

    def join(self, org: str, kind: str, at: datetime, *, replace: bool = False) -> None:
        """`org` takes part in this body as `kind` (member, designated, adjunct); one that
        already does keeps its kind, unless `replace`."""
        org_id = self._ids(ORG, ORG.c.name, [org])[org]
        if replace:
            self.conn.execute(
                MEMBER.delete().where(MEMBER.c.body_id == self.body_id, MEMBER.c.org_id == org_id)
            )
        insert_rows(
            self.conn,
            MEMBER,
            [{"body_id": self.body_id, "org_id": org_id, "kind": kind, "added_at": at}],
            ignore_conflict_on=("body_id", "org_id"),
        )
        self._forget_people()

    def takes_part(self, org: str) -> bool:
        """Whether `org` takes part in this body."""
        query = (
            select(MEMBER.c.kind)
            .join(ORG, ORG.c.id == MEMBER.c.org_id)
            .where(MEMBER.c.body_id == self.body_id, ORG.c.name == org)
        )
        return self.conn.execute(query).first() is not None

    def leave(self, org: str) -> None:
        """`org` takes part in this body no more; its people's roles in it end with it."""
        org_id = self._ids(ORG, ORG.c.name, [org])[org]
        people = select(PERSON.c.id).where(PERSON.c.org_id == org_id)
        self.conn.execute(
            ROLE.delete().where(ROLE.c.body_id == self.body_id, ROLE.c.person_id.in_(people))
        )
        self.conn.execute(
            MEMBER.delete().where(MEMBER.c.body_id == self.body_id, MEMBER.c.org_id == org_id)
        )
        self._forget_people()

    # organisations and people ---------------------------------------------------------

    def org(self, name: str) -> Organisation | None:
        row = self.conn.execute(select(ORG).where(ORG.c.name == name)).mappings().first()
        return _org(row) if row else None

    def orgs(self) -> list[Organisation]:
        return [_org(row) for row in self.conn.execute(select(ORG).order_by(ORG.c.name)).mappings()]

    def add_org(self, org: Organisation, at: datetime) -> None:
        self.conn.execute(
            insert(ORG).values(
                name=org.name,
                kind=org.kind,
                total_defence=org.total_defence,
                lead=org.lead,
                created_at=at,
            )
        )
        self.join(org.name, "member", at)

    def has_people(self) -> bool:
        return bool(self.conn.execute(select(exists().select_from(PERSON))).scalar())

    def person(self, email: str) -> Person | None:
        email = email.lower()
        if email not in self._persons and self._everyone is None:
            people = self._people(_PERSON_BY_EMAIL, email=email)
            self._persons[email] = people[0] if people else None
        return self._persons.get(email)

    def people(self) -> list[Person]:
        """The people of the organisations taking part in this body."""
        if self._everyone is None:
            everyone = self._people(_PERSON_SELECT)
            self._persons = {p.email: p for p in everyone}
            self._everyone = [p for p in everyone if p.member]
        return self._everyone

    def forget_people(self) -> None:
        """Read people again (a change to them was written beside the repository)."""
        self._forget_people()

    def _forget_people(self) -> None:
        self._persons, self._everyone = {}, None

    def _people(self, query: Any, **params: Any) -> list[Person]:
        rows: dict[int, RowMapping] = {}
        roles: dict[int, set[Role]] = defaultdict(set)
        for row in self.conn.execute(query, {"body": self.body_id, **params}).mappings():
            rows.setdefault(row["id"], row)
            if row["role"] is not None:
                roles[row["id"]].add(Role(row["role"]))
        return [
            Person(
                email=row["email"],
                name=row["name"],
                org=row["org_name"],
                roles=frozenset(roles[person_id]),
                lang=row["lang"],
                lead=row["lead"] and row["membership"] is not None,
                digest=row["digest"],
                manager=row["manager_email"],
                member=row["membership"] is not None,
                deactivated_at=row["deactivated_at"],
            )
            for person_id, row in rows.items()
        ]

    def add_person(self, person: Person, at: datetime) -> None:
        org_id = self._ids(ORG, ORG.c.name, [person.org])[person.org]
        person_id = self.conn.execute(
            insert(PERSON)
            .values(
                email=person.email,
                name=person.name,
                org_id=org_id,
                lang=person.lang,
                digest=person.digest,
                manager_id=self._ids(PERSON, PERSON.c.email, [person.manager])[person.manager]
                if person.manager
                else None,
                created_at=at,
            )
            .returning(PERSON.c.id)
        ).scalar_one()
        self.set_roles(person_id, person.roles)

    def set_roles(self, person_id: int, roles: Iterable[Role]) -> None:
        """A person's roles in this body, from now on these."""
        self.conn.execute(
            ROLE.delete().where(ROLE.c.person_id == person_id, ROLE.c.body_id == self.body_id)
        )
        rows = [{"person_id": person_id, "body_id": self.body_id, "role": r.value} for r in roles]
        if rows:
            self.conn.execute(insert(ROLE), rows)
        self._forget_people()

    def set_preferences(self, email: str, **values: Any) -> None:
        if "manager" in values:
            manager = values.pop("manager")
            values["manager_id"] = (
                self._ids(PERSON, PERSON.c.email, [manager])[manager] if manager else None
            )
        self.conn.execute(update(PERSON).where(PERSON.c.email == email).values(**values))
        self._forget_people()

    def _ids(self, table: Any, key: Any, values: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(values))
        found: dict[str, int] = {}
        for chunk in chunks(wanted):
            query = select(key, table.c.id).where(key.in_(chunk))
            found.update((value, row_id) for value, row_id in self.conn.execute(query))
        return found

    # items --------------------------------------------------------------------------

    def new_ids(self, cycle: int, count: int) -> list[str]:
        """Take `count` consecutive item numbers of this body in `cycle`: their ids."""
        insert_rows(self.conn, CYCLE, [{"plan_year": cycle}], ignore_conflict_on="plan_year")
        insert_rows(
            self.conn,
            NUMBER,
            [{"body_id": self.body_id, "plan_year": cycle}],
            ignore_conflict_on=("body_id", "plan_year"),
        )
        after: int = self.conn.execute(
            update(NUMBER)
            .where(NUMBER.c.body_id == self.body_id, NUMBER.c.plan_year == cycle)
            .values(next_number=NUMBER.c.next_number + count)
            .returning(NUMBER.c.next_number)
        ).scalar_one()
        body = self.body
        return [body.item_id(cycle, number) for number in range(after - count, after)]

    def add_items(self, items: Sequence[Item], at: datetime) -> None:
        """Insert new items and their need-to-know lists, set-based."""
        if not items:
            return  # an empty executemany would insert one row of defaults
        org_ids = self._ids(ORG, ORG.c.name, [o for i in items for o in (i.org, *i.restricted_to)])
        person_ids = self._ids(PERSON, PERSON.c.email, [i.proposer for i in items])
        insert_rows(
            self.conn,
            ITEM,
            [
                {
                    "id": item.id,
                    "body_id": self.body_id,
                    "cycle": item.cycle,
                    "number": int(item.id.rpartition("-")[2]),
                    "title": item.title,
                    "description": item.description,
                    "kind": item.kind,
                    "org_id": org_ids[item.org],
                    "proposer_id": person_ids[item.proposer],
                    "state": str(item.state),
                    "carried_from": item.carried_from,
                    "no_carry": item.no_carry,
                    "version": item.version,
                    "created_at": at,
                    "updated_at": at,
                }
                for item in items
            ],
        )
        restrictions = [
            {"item_id": i.id, "org_id": org_ids[o]} for i in items for o in i.restricted_to
        ]
        insert_rows(self.conn, RESTRICTION, restrictions)
        self._seen.update((item.id, item) for item in items)

    def items(self, ids: Sequence[str]) -> list[Item]:
        """The items with these ids, in the order asked; NotFound names the first missing."""
        missing = [item_id for item_id in ids if item_id not in self._seen]
        for chunk in chunks(missing):
            rows: dict[str, RowMapping] = {}
            restricted: dict[str, list[str]] = defaultdict(list)
            for row in self.conn.execute(_ITEMS_BY_ID, {"ids": list(chunk)}).mappings().all():
                if row["body_id"] != self.body_id:
                    continue  # another body's: not found in this one
                rows.setdefault(row["id"], row)
                if row["restricted_name"] is not None:
                    restricted[row["id"]].append(row["restricted_name"])
            self._seen.update(
                (item_id, _item(row, tuple(sorted(restricted[item_id]))))
                for item_id, row in rows.items()
            )
        for item_id in ids:
            if item_id not in self._seen:
                raise NotFound("no_item", id=item_id)
        return [self._seen[item_id] for item_id in ids]

    def own(self, ids: Iterable[str]) -> list[str]:
        """Those of `ids` that name this body's items (by their form), sorted."""
        prefix = None if self.body_id == FIRST_BODY else self.body.short
        return sorted(i for i in ids if id_prefix(i) == prefix)

    def versions(self, ids: Sequence[str]) -> dict[str, int]:
        """Each item's version, to compare with when it is written; NotFound names the first
        missing."""
        found: dict[str, int] = {}
        for chunk in chunks(ids):
            found.update(
                (item_id, v)
                for item_id, v in self.conn.execute(
                    _VERSIONS, {"ids": list(chunk), "body": self.body_id}
                )
            )
        for item_id in ids:
            if item_id not in found:
                raise NotFound("no_item", id=item_id)
        return found

    def refs(self, ids: Sequence[str]) -> dict[str, ItemRef]:
        """The items with these ids as ItemRefs (those read in this transaction are not read
        again); ids that do not exist are left out."""
        found = {i: ItemRef.of(self._seen[i]) for i in ids if i in self._seen}
        found.update((i, self._refs[i]) for i in ids if i not in found and i in self._refs)
        missing = [i for i in ids if i not in found]
        for chunk in chunks(missing):
            rows = self.conn.execute(_REFS_BY_ID, {"ids": list(chunk)}).all()
            found.update((row[0], ItemRef(*row)) for row in rows)
        return found

    def cycle_refs(self, cycle: int) -> list[ItemRef]:
        """Every item of a cycle as an ItemRef, in number order."""
        params = {"body": self.body_id, "cycle": cycle}
        return [ItemRef(*row) for row in self.conn.execute(_CYCLE_REFS, params).all()]

    def cycle_page(self, cycle: int, states: Iterable[str], limit: int) -> tuple[list[str], int]:
        """The ids of a cycle's first `limit` items in `states`, in number order, and how many
        there are in all."""
        wanted = sorted(states)
        total = sum(self.count_states(cycle, wanted).values())
        if not total:
            return [], 0
        query = (
            select(ITEM.c.id)
            .where(self.in_body, ITEM.c.cycle == cycle, ITEM.c.state.in_(wanted))
            .order_by(ITEM.c.number)
            .limit(limit)
        )
        return list(self.conn.execute(query).scalars().all()), total

    def list_items(
        self, cycle: int | None, state: str | None, org: str | None, owner: str | None = None
    ) -> list[Item]:
        conditions = [self.in_body]
        if cycle is not None:
            conditions.append(ITEM.c.cycle == cycle)
        if state is not None:
            conditions.append(ITEM.c.state == state)
        if org is not None:
            conditions.append(ORG.c.name == org)
        if owner is not None:
            conditions.append(_owner.c.email == owner)
        return self._items(and_(True, *conditions))

    def _items(self, where: Any) -> list[Item]:
        query = _ITEM_SELECT.where(where).order_by(ITEM.c.cycle, ITEM.c.number)
        rows = self.conn.execute(query).mappings().all()
        items = self._with_restrictions(rows)
        self._seen.update((item.id, item) for item in items)
        return items

    @property
    def in_body(self) -> Any:
        """The condition that keeps an item query to this body's items."""
        return ITEM.c.body_id == self.body_id

    def _with_restrictions(self, rows: Sequence[RowMapping]) -> list[Item]:
        restricted = self._restrictions([row["id"] for row in rows])
        return [_item(row, restricted.get(row["id"], ())) for row in rows]

    def count_states(self, cycle: int, states: Sequence[str]) -> dict[str, int]:
        """How many of a cycle's items are in each of `states` (those with none are left out)."""
        query = (
            select(ITEM.c.state, func.count())
            .where(self.in_body, ITEM.c.cycle == cycle, ITEM.c.state.in_(states))
            .group_by(ITEM.c.state)
        )
        return {state: n for state, n in self.conn.execute(query)}

    def report_pages(
        self, cycle: int, states: Sequence[str], events: Sequence[str], size: int
    ) -> Iterator[list[ReportLine]]:
        """A cycle's items in `states` in number order, as reports show them (ReportLine).

        One query, streamed `size` rows at a time and not remembered: a report walks 100,000
        items with a page in memory, and the database plans the walk once.
        """
        query = _report_select(events).where(
            self.in_body, ITEM.c.cycle == cycle, ITEM.c.state.in_(states)
        )
        restricted = self._cycle_restrictions(cycle)
        result = self.conn.execute(query.order_by(ITEM.c.number).execution_options(yield_per=size))
        for rows in result.partitions():
            yield [_report_line(row, events, restricted.get(row[0], ())) for row in rows]

    def report_lines(self, ids: Sequence[str], events: Sequence[str]) -> list[ReportLine]:
        """These items as reports show them, in the order asked (those that exist)."""
        found: dict[str, ReportLine] = {}
        restricted = self._restrictions(ids)
        for chunk in chunks(ids):
            query = _report_select(events).where(ITEM.c.id.in_(chunk))
            for row in self.conn.execute(query).all():
                found[row[0]] = _report_line(row, events, restricted.get(row[0], ()))
        return [found[i] for i in ids if i in found]

    def _cycle_restrictions(self, cycle: int) -> dict[str, tuple[str, ...]]:
        """The need-to-know lists of a cycle's restricted items."""
        of_cycle = select(ITEM.c.id).where(self.in_body, ITEM.c.cycle == cycle)
        return restrictions(self.conn, RESTRICTION.c.item_id.in_(of_cycle))

    def _restrictions(self, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        if len(ids) <= _CHUNK:
            return restrictions(self.conn, RESTRICTION.c.item_id.in_(ids))
        # a whole cycle: one pass over the (small) table beats many INs
        wanted = set(ids)
        return {i: names for i, names in restrictions(self.conn).items() if i in wanted}

    def carried_to(self, ids: Sequence[str]) -> dict[str, str]:
        """original id -> the id of the item it was carried into."""
        links: dict[str, str] = {}
        for chunk in chunks(ids):
            query = select(ITEM.c.carried_from, ITEM.c.id).where(ITEM.c.carried_from.in_(chunk))
            links.update((origin, carried) for origin, carried in self.conn.execute(query))
        return links

    def save(self, items: Sequence[Item], at: datetime) -> None:
        """Write the items' states back, in the order given (one executemany), if nobody
        changed any of them since they were read; Conflict names the first that changed."""
        params = [
            {
                "b_id": item.id,
                "b_version": item.version,
                "b_state": str(item.state),
                "b_rank": item.rank,
                "b_owner": item.owner,
                "b_due": item.due,
                "b_decided_at": item.decided_at,
                "b_no_carry": item.no_carry,
                "b_assessment": item.assessment,
                "b_at": at,
            }
            for item in items
        ]
        result = self.conn.execute(_SAVE, params)
        if result.rowcount != len(items):
            raise Conflict("changed_meanwhile", id=self._changed_meanwhile(items, at))
        for item in items:
            item.version += 1

    def save_text(self, item: Item, at: datetime, *, restriction: bool) -> None:
        """Write an edited proposal's text back (and its need-to-know, when `restriction`), if
        nobody changed it since it was read; Conflict otherwise."""
        result = self.conn.execute(
            update(ITEM)
            .where(ITEM.c.id == item.id, ITEM.c.version == item.version)
            .values(
                title=item.title,
                description=item.description,
                kind=item.kind,
                version=ITEM.c.version + 1,
                updated_at=at,
            )
        )
        if result.rowcount != 1:
            raise Conflict("changed_meanwhile", id=item.id)
        item.version += 1
        if restriction:
            self.conn.execute(RESTRICTION.delete().where(RESTRICTION.c.item_id == item.id))
            org_ids = self._ids(ORG, ORG.c.name, item.restricted_to)
            insert_rows(
                self.conn,
                RESTRICTION,
                [{"item_id": item.id, "org_id": org_ids[o]} for o in item.restricted_to],
            )

    def _changed_meanwhile(self, items: Sequence[Item], at: datetime) -> str:
        """Which of the items somebody else wrote before this transaction could: not the
        version this one wrote, at the moment it wrote it."""
        ours: dict[str, tuple[int, datetime]] = {}
        for chunk in chunks([item.id for item in items]):
            query = select(ITEM.c.id, ITEM.c.version, ITEM.c.updated_at).where(ITEM.c.id.in_(chunk))
            ours.update((i, (v, u)) for i, v, u in self.conn.execute(query))
        for item in items:
            version, updated_at = ours[item.id]
            if version != item.version + 1 or updated_at != at:
                return item.id
        return items[0].id

    def deprioritise_undecided(
        self, cycle: int, states: Sequence[str], at: datetime
    ) -> list[tuple[str, str]]:
        """Set-based: every item of `cycle` in `states` becomes deprioritised; returns (id, was)."""
        where = (self.in_body, ITEM.c.cycle == cycle, ITEM.c.state.in_(states))
        # FOR UPDATE: what is read is what is moved, even beside a person's move.
        rows = self.conn.execute(
            _REF_SELECT.where(*where).order_by(ITEM.c.number).with_for_update(of=ITEM)
        ).all()
        moved = [(row[0], row[2]) for row in rows]
        for item_id, _, _, proposer, owner in rows:
            self._seen.pop(item_id, None)
            self._refs[item_id] = ItemRef(
                item_id, cycle, State.deprioritised.value, proposer, owner
            )
        if moved:
            self.conn.execute(
                update(ITEM)
                .where(*where)
                .values(state="deprioritised", version=ITEM.c.version + 1, updated_at=at)
            )
        return moved

    def carry_candidates(self, cycle: int) -> list[Item]:
        """Deprioritised items of `cycle` to carry into the next one, not carried before, with
        what a carried proposal copies of them (not their dates and decisions: they have none)."""
        carried = ITEM.alias("carried")
        query = (
            select(
                ITEM.c.id,
                ITEM.c.title,
                ORG.c.name,
                _proposer.c.email,
                ITEM.c.description,
                ITEM.c.kind,
            )
            .join(ORG, ORG.c.id == ITEM.c.org_id)
            .join(_proposer, _proposer.c.id == ITEM.c.proposer_id)
            .where(
                self.in_body,
                ITEM.c.cycle == cycle,
                ITEM.c.state == State.deprioritised.value,
                ITEM.c.no_carry.is_(False),
                ~exists().where(carried.c.carried_from == ITEM.c.id),
            )
            .order_by(ITEM.c.number)
        )
        rows = self.conn.execute(query).all()
        restricted = self._restrictions([row[0] for row in rows])
        deprioritised = State.deprioritised
        return [
            Item(item_id, cycle, title, org, proposer, deprioritised, description, kind,
                 restricted_to=restricted.get(item_id, ()))
            for item_id, title, org, proposer, description, kind in rows
        ]  # fmt: skip

    # history ------------------------------------------------------------------------

    def append_history(self, rows: list[dict[str, Any]]) -> None:
        history.append(self.conn, rows)

    def history(self, item_id: str) -> list[RowMapping]:
        return list(
            self.conn.execute(
                select(HISTORY).where(HISTORY.c.item_id == item_id).order_by(HISTORY.c.seq)
            ).mappings()
        )


def _report_select(events: Sequence[str]) -> Any:
    """Items with, for each of `events`, the time and note of their newest history row of it
    (correlated subqueries on the history's (item, seq) index), and the item each was carried
    into."""
    columns = []
    for event in events:
        newest = (
            select(HISTORY.c.at, HISTORY.c.note)
            .where(HISTORY.c.item_id == ITEM.c.id, HISTORY.c.event == event)
            .order_by(HISTORY.c.seq.desc())
            .limit(1)
        )
        columns.append(newest.with_only_columns(HISTORY.c.at).scalar_subquery())
        columns.append(newest.with_only_columns(HISTORY.c.note).scalar_subquery())
    carried = ITEM.alias("carried")
    columns.append(
        select(carried.c.id).where(carried.c.carried_from == ITEM.c.id).scalar_subquery()
    )
    return _REPORT_ITEM.add_columns(*columns)


# What a report shows of an item (not its dates of record: a report of 100,000 items would
# parse 300,000 timestamps it never prints).
_REPORT_ITEM = _with_names(
    select(
        ITEM.c.id,
        ITEM.c.cycle,
        ITEM.c.title,
        ORG.c.name,
        _proposer.c.email,
        ITEM.c.state,
        ITEM.c.kind,
        _owner.c.email,
        ITEM.c.due,
        ITEM.c.carried_from,
        ITEM.c.no_carry,
        ITEM.c.assessment,
        ITEM.c.version,
    )
)
_STATES = {state.value: state for state in State}


def _report_line(row: Any, events: Sequence[str], restricted_to: tuple[str, ...]) -> ReportLine:
    (item_id, cycle, title, org, proposer, state, kind, owner, due, carried_from, no_carry,
     assessment, version, *extra) = row  # fmt: skip
    item = Item(item_id, cycle, title, org, proposer, _STATES[state], kind=kind, owner=owner,
                due=due, carried_from=carried_from, no_carry=no_carry, assessment=assessment,
                restricted_to=restricted_to, version=version)  # fmt: skip
    last = {e: (extra[2 * n], extra[2 * n + 1]) for n, e in enumerate(events)}
    return ReportLine(item, last, extra[-1])


class ReportLine(NamedTuple):
    """An item as a report shows it: with when and why its last moves of some kinds were made
    (event -> (at, note), both None when it never made that move), and what it was carried into."""

    item: Item
    last: dict[str, tuple[datetime | None, str | None]]
    carried_to: str | None


def _org(row: RowMapping) -> Organisation:
    return Organisation(row["name"], row["kind"], row["total_defence"], row["lead"])


def _item(row: RowMapping, restricted_to: tuple[str, ...]) -> Item:
    return Item(
        id=row["id"],
        cycle=row["cycle"],
        title=row["title"],
        org=row["org_name"],
        proposer=row["proposer_email"],
        state=State(row["state"]),
        description=row["description"],
        kind=row["kind"],
        rank=row["rank"],
        owner=row["owner_email"],
        due=row["due"],
        decided_at=row["decided_at"],
        carried_from=row["carried_from"],
        no_carry=row["no_carry"],
        assessment=row["assessment"],
        restricted_to=restricted_to,
        version=row["version"],
        created_at=row["created_at"],
    )
