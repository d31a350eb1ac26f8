"""The words Årshjul says, in Swedish and English, and the language in force."""

from __future__ import annotations

from contextvars import ContextVar

LANGUAGES = ("sv", "en")

_language: ContextVar[str] = ContextVar("arshjul_language", default="sv")


def set_language(lang: str) -> None:
    """Make `lang` the language of every message rendered from now on in this context."""
    _language.set(lang if lang in LANGUAGES else "sv")


def language() -> str:
    return _language.get()


def t(key: str, /, lang: str | None = None, **params: object) -> str:
    """Render message `key` in `lang` (default: the language in force)."""
    texts = MESSAGES[key]
    return texts[lang or language()].format(**params)


#: What a configuration value must be, as `cfg_type` says it (the English is the key).
EXPECTED_SV = {
    "a list of dates": "en lista av datum",
    "a list of days 0–366": "en lista av dagar 0–366",
    "a list of tables": "en lista av tabeller",
    "a list of texts": "en lista av texter",
    "a year like 2025": "ett år som 2025",
    "a list of two bounds": "en lista av två gränser",
    "a number of days 1–366": "ett antal dagar 1–366",
    "a table": "en tabell",
    "a text": "en text",
    "an IANA time zone": "en IANA-tidszon",
    "minutes 15–1440": "minuter 15–1440",
    '"previous", "next" or "none"': '"previous", "next" eller "none"',
    '"sv" or "en"': '"sv" eller "en"',
}


def expected(text: str) -> str:
    """What a value must be, in the language in force (`a time like "08:00"` and the rest)."""
    if language() == "en":
        return text
    if text.startswith("a time like "):
        return "en tid som " + text.removeprefix("a time like ")
    return EXPECTED_SV.get(text, text)


STATE_NAMES = {
    "proposed": {"sv": "föreslagen", "en": "proposed"},
    "prioritised": {"sv": "prioriterad", "en": "prioritised"},
    "deprioritised": {"sv": "bortprioriterad", "en": "deprioritised"},
    "decided": {"sv": "beslutad", "en": "decided"},
    "in_progress": {"sv": "pågående", "en": "in progress"},
    "executed": {"sv": "genomförd", "en": "executed"},
    "followed_up": {"sv": "uppföljd", "en": "followed up"},
    "withdrawn": {"sv": "återtagen", "en": "withdrawn"},
    "cancelled": {"sv": "avbruten", "en": "cancelled"},
}


#: What the scheduler fires, and what it did, in words (the demo prints them as they happen).
DUE_NAMES = {
    "phase_opens": {"sv": "fas öppnar", "en": "phase opens"},
    "phase_closes": {"sv": "fas stänger", "en": "phase closes"},
    "phase_reminder": {"sv": "påminnelse om fas", "en": "phase reminder"},
    "followup_request": {"sv": "begäran om uppföljning", "en": "follow-up request"},
    "due_reminder": {"sv": "påminnelse före klart-datum", "en": "due reminder"},
    "overdue": {"sv": "försenad", "en": "overdue"},
    "meeting_reminder": {"sv": "mötespåminnelse", "en": "meeting reminder"},
    "digest": {"sv": "veckosammanfattning", "en": "weekly digest"},
    "risk_reminder": {"sv": "påminnelse om riskåtgärd", "en": "risk action reminder"},
    "risk_overdue": {"sv": "riskåtgärd försenad", "en": "risk action overdue"},
    "activity_reminder": {
        "sv": "påminnelse om återkommande aktivitet",
        "en": "recurring activity reminder",
    },
    "activity_overdue": {
        "sv": "återkommande aktivitet ej rapporterad",
        "en": "recurring activity not reported",
    },
    "deprioritised": {"sv": "bortprioriterade", "en": "deprioritised"},
    "carried": {"sv": "förs vidare", "en": "carried"},
    "meetings": {"sv": "informationsmöten", "en": "information meetings"},
    "agenda_meetings": {"sv": "möten med dagordning", "en": "meetings with their agenda"},
    "recurring_meetings": {"sv": "återkommande möten", "en": "recurring meetings"},
    "fix_dates": {"sv": "fastställ mötesdatum", "en": "fix meeting dates"},
    "escalation": {"sv": "påminnelse nr", "en": "escalation"},
    "next": {"sv": "nästa", "en": "next"},
}


MEETING_KIND_NAMES = {
    "planning": {"sv": "planeringsmöte", "en": "planning meeting"},
    "execution": {"sv": "genomförandemöte", "en": "execution meeting"},
    "information": {"sv": "informationsmöte", "en": "information meeting"},
    "bilateral": {"sv": "bilateralt möte", "en": "bilateral meeting"},
    "reference_group": {"sv": "referensgruppsmöte", "en": "reference group meeting"},
    "working_group": {"sv": "arbetsgruppsmöte", "en": "working group meeting"},
}


#: The words of a plan with goals and an internal control plan (commands and reports alike).
PLAN_WORDS = {
    "short": {"sv": "Kort sikt", "en": "Short term"},
    "long": {"sv": "Lång sikt", "en": "Long term"},
    "continuous": {"sv": "Löpande", "en": "Continuous"},
    "as_needed": {"sv": "Vid behov", "en": "As needed"},
    "target": {"sv": "Målvärde", "en": "Target"},
    "met": {"sv": "uppnått", "en": "met"},
    "not_met": {"sv": "inte uppnått", "en": "not met"},
    "action": {"sv": "Åtgärd", "en": "Action"},
    "action_level": {"sv": "Åtgärdsnivå", "en": "Action level"},
    "assessments": {"sv": "Bedömningar", "en": "Assessments"},
    "low": {"sv": "Låg", "en": "Low"},
    "medium": {"sv": "Måttlig", "en": "Medium"},
    "high": {"sv": "Hög", "en": "High"},
    "very_high": {"sv": "Mycket hög", "en": "Very high"},
    "date": {"sv": "datum", "en": "date"},
    "higher": {"sv": "högre", "en": "higher"},
    "lower": {"sv": "lägre", "en": "lower"},
    "every_year": {"sv": "varje år", "en": "every year"},
}

#: The fields of goals, indicators, running activities and risks, as a change names them.
PLAN_FIELDS = {
    "title": {"sv": "titel", "en": "title"},
    "number": {"sv": "nummer", "en": "number"},
    "name": {"sv": "namn", "en": "name"},
    "horizon": {"sv": "sikt", "en": "horizon"},
    "focus": {"sv": "inriktning", "en": "focus"},
    "target": {"sv": "målvärde", "en": "target"},
    "better": {"sv": "bättre är", "en": "better is"},
    "unit": {"sv": "enhet", "en": "unit"},
    "responsible": {"sv": "ansvarig", "en": "responsible"},
    "description": {"sv": "beskrivning", "en": "description"},
    "action": {"sv": "åtgärd", "en": "action"},
    "action_level": {"sv": "åtgärdsnivå", "en": "action level"},
    "deadline": {"sv": "tidpunkt", "en": "deadline"},
}


#: The kinds of measure, as the overlap view words them.
KIND_NAMES = {
    "exercise": {"sv": "övning", "en": "exercise"},
    "information": {"sv": "information", "en": "information"},
    "communication": {"sv": "kommunikation", "en": "communication"},
    "analysis": {"sv": "analys", "en": "analysis"},
    "other": {"sv": "annat", "en": "other"},
}


def state_name(state: str, lang: str | None = None) -> str:
    return STATE_NAMES[state][lang or language()]


MESSAGES: dict[str, dict[str, str]] = {
    # not found
    "no_item": {"sv": "Inget ärende {id}", "en": "No item {id}"},
    "no_person": {"sv": "Ingen person {email}", "en": "No person {email}"},
    "no_org": {"sv": "Ingen organisation {name}", "en": "No organisation {name}"},
    "bad_item_id": {
        "sv": "{id} är inget ärende-id (skrivs som 2027-004)",
        "en": "{id} is not an item id (written like 2027-004)",
    },
    # who may
    # bodies
    # the overlap view
    "overlap_refused": {
        "sv": "{email} är inte samordnare i något samverkansorgan och får inte se överlapp",
        "en": "{email} coordinates no body and may not see overlaps",
    },
    "overlap_mark_refused": {
        "sv": "{email} får inte markera paret som samordnat: det gör en samordnare i {a} eller {b}",
        "en": "{email} may not mark the pair coordinated: a coordinator of {a} or {b} does",
    },
    "overlap_same_body": {
        "sv": "{a} och {b} hör båda till {body}: överlapp gäller ärenden i olika samverkansorgan",
        "en": "{a} and {b} are both {body}'s: overlaps are between items of different bodies",
    },
    "overlap_marked_already": {
        "sv": "{a} och {b} är redan markerade som samordnade (av {by})",
        "en": "{a} and {b} are marked coordinated already (by {by})",
    },
    "overlap_marked": {
        "sv": "{a} och {b} markerade som samordnade",
        "en": "{a} and {b} marked coordinated",
    },
    "overlap_none": {
        "sv": "inga möjliga överlapp mellan samverkansorganen i {plan_year}",
        "en": "no possible overlaps between the bodies in {plan_year}",
    },
    "overlap_coordinated": {
        "sv": "samordnat {at} av {by}: {note}",
        "en": "coordinated {at} by {by}: {note}",
    },
    "overlap_notice": {
        "sv": "obs: {id} kan vara samma arbete som {others} (inte samordnat; se arshjul overlap {plan_year})",
        "en": "note: {id} may be the same work as {others} (not coordinated; see arshjul overlap {plan_year})",
    },
    "overlap_same_kind": {"sv": "samma typ ({kind})", "en": "same kind ({kind})"},
    "overlap_same_quarter": {"sv": "samma kvartal ({quarters})", "en": "same quarter ({quarters})"},
    "overlap_shared_orgs": {
        "sv": "gemensamma organisationer: {orgs}",
        "en": "shared organisations: {orgs}",
    },
    "overlap_similar_text": {
        "sv": "liknande rubrik och beskrivning ({percent} %)",
        "en": "similar title and description ({percent} %)",
    },
    "not_in_body": {
        "sv": "{email} ({org}) deltar inte i {body} (utan i: {elsewhere}; välj med --body)",
        "en": "{email} ({org}) does not take part in {body} (but in: {elsewhere}; choose with --body)",
    },
    "no_body_here": {
        "sv": "Inget samverkansorgan {short} som du deltar i",
        "en": "No body {short} that you take part in",
    },
    "no_body": {
        "sv": "Inget samverkansorgan {short} (det finns: {known})",
        "en": "No body {short} (there are: {known})",
    },
    "body_without_config": {
        "sv": "{body} har ingen cykelkonfiguration i databasen",
        "en": "{body} keeps no cycle configuration in the database",
    },
    "id_of_other_body": {
        "sv": "{id} hör till {body}, men --body säger {given}",
        "en": "{id} is {body}'s, but --body says {given}",
    },
    "ids_of_several_bodies": {
        "sv": "ärendena hör till olika samverkansorgan ({ids}): ett kommando arbetar i ett",
        "en": "the items are of several bodies ({ids}): a command works in one",
    },
    "bad_body_short": {
        "sv": "{short!r} duger inte som kortnamn: 2–12 versaler A–Z och siffror, först en bokstav (SOES)",
        "en": "{short!r} is no short name: 2–12 capitals A–Z and digits, a letter first (SOES)",
    },
    "body_config_other": {
        "sv": "{where} är konfigurationen för {named}, inte {short}",
        "en": "{where} is the configuration of {named}, not {short}",
    },
    "body_exists": {"sv": "{short} finns redan", "en": "{short} exists already"},
    "needs_coordinator_body": {
        "sv": "{email} får inte ändra samverkansorgan: det gör samordnare i {body}",
        "en": "{email} may not change bodies: coordinators of {body} do",
    },
    "org_not_in_body": {
        "sv": "{org} deltar inte i {body} (body members {body} --add {org})",
        "en": "{org} does not take part in {body} (body members {body} --add {org})",
    },
    "kind_without_add": {
        "sv": "--kind hör till --add",
        "en": "--kind goes with --add",
    },
    "roles_alone": {
        "sv": "--role ges ensam (utan --digest, --lang, --manager): en ändring i taget",
        "en": "give --role alone (without --digest, --lang, --manager): one change at a time",
    },
    # people and organisations change (person set --add-role, deactivate, handover, org set)
    "needs_coordinator_people": {
        "sv": "{email} får inte ändra personer eller organisationer i {body}: det gör dess samordnare",
        "en": "{email} may not change people or organisations in {body}: its coordinators do",
    },
    "roles_or_add_remove": {
        "sv": "ge antingen --role (ersätter rollerna) eller --add-role/--remove-role, inte båda",
        "en": "give either --role (replaces the roles) or --add-role/--remove-role, not both",
    },
    "role_added_and_removed": {
        "sv": "rollen {role} kan inte både läggas till och tas bort",
        "en": "the role {role} cannot be both added and removed",
    },
    "last_coordinator": {
        "sv": "{email} är den sista samordnaren i {body} och behåller rollen (ge först någon annan den)",
        "en": "{email} is the last coordinator of {body} and keeps the role (give it to someone else first)",
    },
    "roles_unchanged": {
        "sv": "{email} har redan de rollerna ({roles}): inget ändrat",
        "en": "{email} has those roles already ({roles}): nothing changed",
    },
    "roles_owner_has_measures": {
        "sv": "{email} äger öppna åtgärder ({ids}) och får inte äga dem utan rollen "
        "åtgärdsägare: lämna först över dem (arshjul handover {email} NY-ÄGARE), ändra sedan "
        "rollerna",
        "en": "{email} owns open measures ({ids}) and may not own them without the owner role: "
        "hand them over first (arshjul handover {email} NEW-OWNER), then change the roles",
    },
    "org_unchanged": {
        "sv": "{name} är redan så: inget ändrat",
        "en": "{name} is so already: nothing changed",
    },
    "last_coordinator_deactivate": {
        "sv": "{email} är den sista samordnaren i {body} och kan inte inaktiveras (ge först någon annan rollen)",
        "en": "{email} is the last coordinator of {body} and cannot be deactivated (give someone else the role first)",
    },
    "person_deactivated": {
        "sv": "{email} är inaktiverad",
        "en": "{email} is deactivated",
    },
    "person_already_deactivated": {
        "sv": "{email} är redan inaktiverad",
        "en": "{email} is already deactivated",
    },
    "person_already_active": {
        "sv": "{email} är inte inaktiverad",
        "en": "{email} is not deactivated",
    },
    "person_other_bodies": {
        "sv": "{email} får inte ändra {person}, som har roller i {bodies}: det gör en samordnare i vart och ett",
        "en": "{email} may not change {person}, who holds roles in {bodies}: a coordinator of each does",
    },
    "signin_deactivated": {
        "sv": "kontot är inaktiverat: länken fungerar inte längre",
        "en": "the account is deactivated: the link no longer works",
    },
    "handover_same": {
        "sv": "{email} kan inte lämna över till sig själv",
        "en": "{email} cannot hand over to themselves",
    },
    "handover_not_theirs": {
        "sv": "{id} ägs inte av {email}",
        "en": "{id} is not owned by {email}",
    },
    "handover_not_open": {
        "sv": "{id} är {state}: bara beslutade och påbörjade åtgärder lämnas över",
        "en": "{id} is {state}: only decided and started measures are handed over",
    },
    "handover_nothing": {
        "sv": "{email} äger inga öppna åtgärder och har inga platser i arbetsgrupper i {body}",
        "en": "{email} owns no open measures and has no working-group places in {body}",
    },
    "handover_not_visible": {
        "sv": "{email} får inte se {id} (begränsad): lägg till organisationen först eller välj någon annan",
        "en": "{email} may not see {id} (restricted): add their organisation first or choose someone else",
    },
    "person_deactivated_done": {
        "sv": "{email} inaktiverad: loggar inte in, agerar inte och får ingen e-post",
        "en": "{email} deactivated: no sign-in, no commands, no mail",
    },
    "person_activated_done": {
        "sv": "{email} är aktiv igen",
        "en": "{email} is active again",
    },
    "handover_open_measures": {
        "sv": "Öppna åtgärder att lämna över (arshjul handover {email} NY):",
        "en": "Open measures to hand over (arshjul handover {email} NEW):",
    },
    "handover_groups": {
        "sv": "Platser i åtgärders arbetsgrupper: {ids}",
        "en": "Places in measures' working groups: {ids}",
    },
    "handover_standing": {
        "sv": "Platser i stående grupper: {names}",
        "en": "Places in standing groups: {names}",
    },
    "handover_none_left": {
        "sv": "Inga öppna åtgärder eller platser i arbetsgrupper att lämna över.",
        "en": "No open measures or working-group places to hand over.",
    },
    "handover_done": {
        "sv": "{giver} → {taker}: {measures} åtgärd(er), {groups} plats(er) i arbetsgrupper, {standing} i stående grupper",
        "en": "{giver} → {taker}: {measures} measure(s), {groups} working-group place(s), {standing} standing-group place(s)",
    },
    "deactivated_mark": {"sv": "inaktiverad", "en": "deactivated"},
    "reason_with_roles": {
        "sv": "--reason hör till en ändring av roller (--role, --add-role, --remove-role)",
        "en": "--reason goes with a change of roles (--role, --add-role, --remove-role)",
    },
    "org_set_line": {
        "sv": "{name}: {kind}, totalförsvarsviktig: {total_defence}",
        "en": "{name}: {kind}, total defence: {total_defence}",
    },
    "yes": {"sv": "ja", "en": "yes"},
    "no": {"sv": "nej", "en": "no"},
    "body_added": {
        "sv": "samverkansorgan {short} ({name}) tillagt",
        "en": "body {short} ({name}) added",
    },
    "body_first": {"sv": "det första", "en": "the first"},
    "body_members_count": {"sv": "{count} deltagare", "en": "{count} taking part"},
    # standing working groups and networks
    "needs_coordinator_group": {
        "sv": "{email} får inte ändra arbetsgrupper och nätverk i {body}: det gör dess samordnare",
        "en": "{email} may not change the working groups and networks of {body}: its coordinators do",
    },
    "needs_coordinator_both": {
        "sv": "{email} är inte samordnare i {body}: en flytt görs av en samordnare i båda organen",
        "en": "{email} is no coordinator of {body}: a coordinator of both bodies moves a group",
    },
    "no_group": {
        "sv": "{body} har ingen arbetsgrupp eller nätverk {name!r} (det finns: {known})",
        "en": "{body} has no working group or network {name!r} (there are: {known})",
    },
    "group_exists": {
        "sv": "{body} har redan en arbetsgrupp eller ett nätverk {name!r}",
        "en": "{body} has a working group or network {name!r} already",
    },
    "body_keeps_no_groups": {
        "sv": "{body} har inga stående arbetsgrupper (där hör en arbetsgrupp till en åtgärd: wg add); ett nätverk går bra (--network)",
        "en": "{body} keeps no standing working groups (a working group there is a measure's: wg add); a network is fine (--network)",
    },
    "not_in_group": {
        "sv": "{email} är inte med i {name}",
        "en": "{email} is not in {name}",
    },
    "group_move_same": {
        "sv": "{name} hör redan till {body}",
        "en": "{name} is {body}'s already",
    },
    "group_move_ahead": {
        "sv": "--on {day} har inte kommit än: en flytt registreras samma dag eller efteråt",
        "en": "--on {day} is still to come: a move is recorded on its day or after",
    },
    "group_move_outsiders": {
        "sv": "{name} flyttas inte: {people} ({orgs}) deltar inte i {body} (body members {body} --add ORG, eller --add-orgs)",
        "en": "{name} is not moved: {people} ({orgs}) do not take part in {body} (body members {body} --add ORG, or --add-orgs)",
    },
    "group_kind_group": {"sv": "arbetsgrupp", "en": "working group"},
    "group_kind_network": {"sv": "nätverk", "en": "network"},
    "group_none": {
        "sv": "{body} har inga arbetsgrupper eller nätverk",
        "en": "{body} has no working groups or networks",
    },
    "group_added": {
        "sv": "{body}: {kind} {name} har lagts till",
        "en": "{body}: {kind} {name} added",
    },
    "group_joined": {"sv": "med i {name}: {emails}", "en": "in {name}: {emails}"},
    "group_left": {"sv": "{email} har lämnat {name}", "en": "{email} has left {name}"},
    "group_moved": {
        "sv": "{name} har flyttats från {source} till {target} ({at}), med medlemmar och historik",
        "en": "{name} moved from {source} to {target} ({at}), with its members and history",
    },
    "group_event_added": {"sv": "lades till i {body}", "en": "added in {body}"},
    "group_event_moved": {"sv": "flyttades {source} → {target}", "en": "moved {source} → {target}"},
    "group_event_group_join": {"sv": "{email} gick med", "en": "{email} joined"},
    "group_event_group_leave": {"sv": "{email} lämnade", "en": "{email} left"},
    "group_event_record": {"sv": "{email} med (registrerad)", "en": "{email} in (recorded)"},
    "needs_actor": {
        "sv": "ange vem som agerar med --as EMAIL eller ARSHJUL_AS",
        "en": "say who is acting with --as EMAIL or ARSHJUL_AS",
    },
    "needs_coordinator_to_register": {
        "sv": "{email} får inte lägga till organisationer eller personer: det gör samordnare",
        "en": "{email} may not add organisations or people: coordinators do",
    },
    "first_person_coordinator": {
        "sv": "den första personen måste vara samordnare (coordinator), annars kan ingen lägga "
        "till fler",
        "en": "the first person must be a coordinator, or nobody could add anyone after them",
    },
    "role_refused": {
        "sv": "{email} får inte {event} {id}: det gör {roles}",
        "en": "{email} may not {event} {id}: {roles} do",
    },
    "org_refused": {
        "sv": "{email} får inte {event} {id}: ärendet tillhör {org}",
        "en": "{email} may not {event} {id}: it belongs to {org}",
    },
    "owner_refused": {
        "sv": "{email} får inte {event} {id}: åtgärdens ägare {owner} eller en samordnare gör det",
        "en": "{email} may not {event} {id}: its owner {owner} or a coordinator does",
    },
    "propose_refused": {
        "sv": "{email} får inte lämna förslag: det gör förslagsställare (proposer)",
        "en": "{email} may not propose: proposers do",
    },
    "import_refused": {
        "sv": "{email} får inte importera förslag: det gör samordnare",
        "en": "{email} may not import proposals: coordinators do",
    },
    # correcting a proposal (edit)
    "edit_nothing_given": {
        "sv": "ange vad som ska ändras: --title, --description, --kind, --restricted-to eller --open",
        "en": "say what to change: --title, --description, --kind, --restricted-to or --open",
    },
    "edit_open_and_restricted": {
        "sv": "--open och --restricted-to går inte ihop: öppen för alla eller begränsad",
        "en": "--open and --restricted-to do not go together: open to all, or restricted",
    },
    "edit_too_late": {
        "sv": "{id} är {state}: ett förslag kan ändras bara medan det är föreslaget, innan det "
        "prioriteras",
        "en": "{id} is {state}: a proposal can be edited only while it is proposed, before it is "
        "prioritised",
    },
    "edit_unchanged": {
        "sv": "{id} är redan så: inget ändrat",
        "en": "{id} reads so already: nothing changed",
    },
    "edited": {
        "sv": "{id} ändrat ({version}): {fields}",
        "en": "{id} edited ({version}): {fields}",
    },
    "no_version": {
        "sv": "{id} har ingen version {number} (0 som föreslaget till {latest})",
        "en": "{id} has no version {number} (0 as proposed to {latest})",
    },
    "version_hidden_now": {
        "sv": "{email} får inte läsa version {number} av {id}: förslaget är nu begränsat till "
        "andra organisationer",
        "en": "{email} may not read version {number} of {id}: the proposal is now restricted to "
        "other organisations",
    },
    "version_hidden": {
        "sv": "{email} får inte läsa version {number} av {id}: den var begränsad till andra "
        "organisationer",
        "en": "{email} may not read version {number} of {id}: it was restricted to other "
        "organisations",
    },
    "force_refused": {
        "sv": "{email} får inte tvinga fram en förflyttning: det gör samordnare"
        " (och beslutsfattare, för ett sent beslut)",
        "en": "{email} may not force a move: coordinators do (and deciders, for a late decision)",
    },
    # the machine
    "illegal_move": {
        "sv": "{id} är {state}: {event} går inte därifrån (går från {allowed})",
        "en": "{id} is {state}: {event} is not possible from there (it is from {allowed})",
    },
    "outside_window": {
        "sv": "{event} för {id} är möjligt {window} (cykel {cycle}); nu är {now}. {forcer} "
        "kan tvinga fram det med --force och ett skäl",
        "en": "{event} of {id} is possible {window} (cycle {cycle}); it is now {now}. {forcer} "
        "can force it with --force and a reason",
    },
    "forcer": {"sv": "En samordnare", "en": "A coordinator"},
    "forcer_decide": {"sv": "En beslutsfattare", "en": "A decider"},
    "window_between": {"sv": "från {start} till och med {end}", "en": "from {start} to {end}"},
    "window_from": {"sv": "från och med {start}", "en": "from {start} on"},
    "window_until": {"sv": "till och med {end}", "en": "until {end}"},
    "reinstate_copy_moved": {
        "sv": "{id} kan inte återinsättas: dess överförda kopia {copy} är redan {state}"
        " (bara en kopia som fortfarande är proposed tas tillbaka)",
        "en": "{id} cannot be reinstated: its carried copy {copy} is already {state}"
        " (only a copy still proposed is withdrawn)",
    },
    "needs_reason": {
        "sv": "{event} kräver ett skäl (--reason)",
        "en": "{event} needs a reason (--reason)",
    },
    "force_needs_reason": {
        "sv": "--force kräver ett skäl (--note eller --reason)",
        "en": "--force needs a reason (--note or --reason)",
    },
    "needs_owner_due": {
        "sv": "beslut kräver ägare (--owner) och slutdatum (--due)",
        "en": "a decision needs an owner (--owner) and a due date (--due)",
    },
    # the living plan: the plan decided as a whole, replans and requests for a new date
    "plan_decide_refused": {
        "sv": "{email} får inte besluta planen för {plan_year}: det gör FI:s ledning (beslutsfattare)",
        "en": "{email} may not decide the plan for {plan_year}: FI management (deciders) does",
    },
    "plan_decide_empty": {
        "sv": "planen för {plan_year} har inga beslutade åtgärder att besluta som helhet",
        "en": "the plan for {plan_year} has no decided measures to decide as a whole",
    },
    "plan_decided": {
        "sv": "planen för {plan_year} beslutad {day} av {by}{ref}; SHA-256 {digest}",
        "en": "the plan for {plan_year} decided {day} by {by}{ref}; SHA-256 {digest}",
    },
    "plan_decided_again": {
        "sv": "(ett nytt beslut: planen var beslutad {count} gång(er) förut)",
        "en": "(a new decision: the plan was decided {count} time(s) before)",
    },
    "replan_nothing": {
        "sv": "omplanering kräver minst ett av --due, --owner, --quarters och --goal",
        "en": "a replan needs at least one of --due, --owner, --quarters and --goal",
    },
    "replan_no_change": {
        "sv": "{id} har redan det du anger: inget att planera om",
        "en": "{id} already has what you give: nothing to replan",
    },
    "replan_same_due": {
        "sv": "{id} ska redan vara klar {due}",
        "en": "{id} is already due {due}",
    },
    "replan_same_due_moved": {
        "sv": '{asked} är ingen arbetsdag och flyttas till {due} (working_days = "{rule}"):'
        " {id} ska redan vara klar {due}",
        "en": '{asked} is not a working day and moves to {due} (working_days = "{rule}"):'
        " {id} is already due {due}",
    },
    "due_before_today_moved": {
        "sv": '{asked} är ingen arbetsdag och flyttas till {due} (working_days = "{rule}"),'
        " som redan har passerat (i dag är det {today})",
        "en": '{asked} is not a working day and moves to {due} (working_days = "{rule}"),'
        " which is before today ({today})",
    },
    "due_before_today": {
        "sv": "det nya slutdatumet {due} har redan passerat (i dag är det {today})",
        "en": "the new due date {due} is before today ({today})",
    },
    "replanned": {
        "sv": "{id} omplanerad: {changes}",
        "en": "{id} replanned: {changes}",
    },
    "replan_field_due": {"sv": "slutdatum", "en": "due"},
    "replan_field_owner": {"sv": "ägare", "en": "owner"},
    "replan_field_quarters": {"sv": "kvartal", "en": "quarters"},
    "replan_field_goal": {"sv": "mål", "en": "goal"},
    "replan_reminders": {
        "sv": "{count} påminnelser och eskaleringar planerade för det nya datumet",
        "en": "{count} reminders and escalations planned for the new date",
    },
    "request_needs_due": {
        "sv": "en begäran om nytt datum kräver datumet (--due)",
        "en": "a request for a new date needs the date (--due)",
    },
    "request_not_owner": {
        "sv": "{email} får inte be om nytt datum för {id}: det gör dess ägare ({owner})",
        "en": "{email} may not ask for a new date of {id}: its owner ({owner}) does",
    },
    "request_open": {
        "sv": "{id} har redan en obesvarad begäran om nytt datum",
        "en": "{id} already has an open request for a new date",
    },
    "request_modes": {
        "sv": "välj ett av --request, --accept, --decline och --list (fick {given})",
        "en": "choose one of --request, --accept, --decline and --list (got {given})",
    },
    "request_due_only": {
        "sv": "{options} hör inte till --request: ägaren ber om ett nytt slutdatum (--due) med ett"
        " skäl (--reason); ägare, kvartal och mål planerar en samordnare eller beslutsfattare om",
        "en": "{options} does not go with --request: an owner asks for a new due date (--due) with"
        " a reason (--reason); a coordinator or decider replans owner, quarters and goal",
    },
    "answer_changes_nothing": {
        "sv": "{options} hör inte till {mode}: svaret gäller det datum ägaren bad om",
        "en": "{options} does not go with {mode}: the answer is about the date the owner asked for",
    },
    "note_with_accept": {
        "sv": "--note hör till --accept (en omplanering och ett avslag anger --reason)",
        "en": "--note goes with --accept (a replan and a decline give --reason)",
    },
    "list_alone": {
        "sv": "--list tar inget ID och inga andra val (fick {given})",
        "en": "--list takes no ID and no other options (got {given})",
    },
    "handover_requests_closed": {
        "sv": "stängda begäranden om nytt datum (den nya ägaren ber på nytt om hen vill): {ids}",
        "en": "requests for a new date closed (the new owner asks anew if they want): {ids}",
    },
    "request_sent": {
        "sv": "begäran om nytt datum för {id} ({due}) skickad till samordnarna",
        "en": "request for a new date of {id} ({due}) sent to the coordinators",
    },
    "decline_needs_reason": {
        "sv": "ett avslag kräver ett skäl (--reason)",
        "en": "declining needs a reason (--reason)",
    },
    "answer_refused": {
        "sv": "{email} får inte besvara begäran för {id}: det gör samordnare",
        "en": "{email} may not answer the request of {id}: coordinators do",
    },
    "no_request": {
        "sv": "{id} har ingen obesvarad begäran om nytt datum",
        "en": "{id} has no open request for a new date",
    },
    "request_accepted": {
        "sv": "begäran för {id} beviljad: ny slutdag {due}",
        "en": "request of {id} accepted: new due date {due}",
    },
    "request_declined": {
        "sv": "begäran för {id} avslagen",
        "en": "request of {id} declined",
    },
    "no_requests": {
        "sv": "inga obesvarade begäranden om nytt datum",
        "en": "no open requests for a new date",
    },
    "needs_assessment": {
        "sv": "uppföljning kräver en bedömning (--assessment achieved|partly|not-achieved)",
        "en": "a follow-up needs an assessment (--assessment achieved|partly|not-achieved)",
    },
    "changed_meanwhile": {
        "sv": "{id} ändrades av någon annan under tiden; försök igen",
        "en": "{id} was changed meanwhile; try again",
    },
    "conflict_retry": {
        "sv": "någon annan ändrade samma uppgifter under tiden; försök igen",
        "en": "somebody changed the same data meanwhile; try again",
    },
    "busy": {
        "sv": "databasen är upptagen av en annan skrivning; försök igen",
        "en": "the database is busy with another write; try again",
    },
    "duplicate_id": {"sv": "{id} anges två gånger", "en": "{id} is given twice"},
    "owner_not_owner": {
        "sv": "{email} kan inte bli ägare: personen har inte rollen owner",
        "en": "{email} cannot own a measure: they do not have the owner role",
    },
    # signing in to the web page
    "signin_unknown": {
        "sv": "Länken gäller inte. Kontrollera att hela länken kom med, eller be om en ny.",
        "en": "This link is not valid. Check that the whole link was copied, or ask for a new one.",
    },
    "signin_used": {
        "sv": "Länken har redan använts. En inloggningslänk fungerar en gång; be om en ny.",
        "en": "This link has been used already. A sign-in link works once; ask for a new one.",
    },
    "signin_expired": {
        "sv": "Länken har gått ut. En inloggningslänk gäller i {minutes} minuter; be om en ny.",
        "en": "This link has expired. A sign-in link is valid for {minutes} minutes; ask for a new one.",
    },
    "signin_throttled": {
        "sv": "Många länkar har begärts på kort tid. Vänta {minutes} minuter och försök igen.",
        "en": "Many links were asked for in a short time. Wait {minutes} minutes and try again.",
    },
    "token_throttled": {
        "sv": "För många ogiltiga länkar har prövats härifrån. Vänta {minutes} minuter och försök igen.",
        "en": "Too many invalid links were tried from here. Wait {minutes} minutes and try again.",
    },
    # input
    "empty": {"sv": "{field} får inte vara tom", "en": "{field} must not be empty"},
    "too_long": {
        "sv": "{field} har {length} tecken; högst {limit}",
        "en": "{field} is {length} characters long; at most {limit}",
    },
    "control_chars": {
        "sv": "{field} innehåller otillåtna styrtecken",
        "en": "{field} contains control characters",
    },
    "one_line": {"sv": "{field} ska vara en rad", "en": "{field} must be one line"},
    "invisible_char": {
        "sv": "{field} innehåller det osynliga tecknet {char} på plats {position}; ta bort det",
        "en": "{field} contains the invisible character {char} at position {position}; remove it",
    },
    "nothing_visible": {
        "sv": "{field} har inget synligt tecken",
        "en": "{field} has no visible character",
    },
    "bad_choice": {
        "sv": "{field} {value!r} är inte ett av {choices}",
        "en": "{field} {value!r} is not one of {choices}",
    },
    "bad_email": {
        "sv": "{email!r} är ingen e-postadress",
        "en": "{email!r} is not an email address",
    },
    "bad_date": {
        "sv": "{value!r} är inget datum (skriv ÅÅÅÅ-MM-DD)",
        "en": "{value!r} is not a date (write YYYY-MM-DD)",
    },
    "bad_now": {
        "sv": "ARSHJUL_NOW={value!r} är ingen ISO 8601-tid",
        "en": "ARSHJUL_NOW={value!r} is not an ISO 8601 time",
    },
    "now_out_of_range": {
        "sv": "ARSHJUL_NOW={value!r} ligger utanför åren {first}–{last}",
        "en": "ARSHJUL_NOW={value!r} is outside the years {first}–{last}",
    },
    "bad_rate": {
        "sv": "ARSHJUL_CLOCK_RATE={value!r} ska vara ett tal större än 0",
        "en": "ARSHJUL_CLOCK_RATE={value!r} must be a number above 0",
    },
    "bad_rank": {
        "sv": "rang ska vara ett heltal från 1 till {limit}",
        "en": "the rank must be a whole number from 1 to {limit}",
    },
    "bad_due": {
        "sv": "{value} är inget rimligt slutdatum (år {first}–{last})",
        "en": "{value} is not a sensible due date (years {first}–{last})",
    },
    "report_not_yet": {
        "sv": "verksamhetsplanen för {plan_year} beslutas {day}; till dess är den FI:s arbetsmaterial",
        "en": "the plan for {plan_year} is decided on {day}; until then it is FI's working draft",
    },
    "bad_number": {
        "sv": "{value!r} är inget heltal",
        "en": "{value!r} is not a whole number",
    },
    "db_refused_value": {
        "sv": "databasen tog inte emot ett värde: {reason}",
        "en": "the database refused a value: {reason}",
    },
    "bad_version": {
        "sv": "formuläret bär ingen giltig version av ärendet; ladda om sidan",
        "en": "the form carries no valid version of the item; reload the page",
    },
    "org_exists": {"sv": "organisationen {name} finns redan", "en": "organisation {name} exists"},
    "person_exists": {"sv": "{email} finns redan", "en": "{email} is already registered"},
    "no_state": {"sv": "{value!r} är inget tillstånd", "en": "{value!r} is not a state"},
    "bad_plan_year": {
        "sv": "{value} är inget rimligt planår (från {first} till {last})",
        "en": "{value} is not a sensible plan year (from {first} to {last})",
    },
    # database
    "db_missing": {
        "sv": "databasen {url} är inte skapad; kör `arshjul init`",
        "en": "the database {url} is not set up; run `arshjul init`",
    },
    "db_old": {
        "sv": "databasen {url} har en äldre struktur; kör `arshjul init` för att uppgradera",
        "en": "the database {url} has an older schema; run `arshjul init` to upgrade it",
    },
    "db_new": {
        "sv": "databasen {url} är från en nyare version av Årshjul ({revision})",
        "en": "the database {url} is from a newer release of Årshjul ({revision})",
    },
    "db_unknown_revision": {
        "sv": "databasen {url} har revision {revision}, som den här versionen av Årshjul inte känner (en nyare version?); inget ändrades",
        "en": "the database {url} is at revision {revision}, which this release of Årshjul does not know (a newer release?); nothing was changed",
    },
    "db_upgrade_failed": {
        "sv": "uppgraderingen av databasen {url} misslyckades: {reason}; den är kvar som den var (revision {revision})",
        "en": "upgrading the database {url} failed: {reason}; it is left as it was (revision {revision})",
    },
    "db_upgrade_dangling": {
        "sv": "uppgraderingen av databasen {url} avbröts: {count} rader i {table} pekar på rader i {parent} som inte finns; den är kvar som den var (revision {revision})",
        "en": "upgrading the database {url} stopped: {count} rows of {table} point at rows of {parent} that do not exist; it is left as it was (revision {revision})",
    },
    "db_unreachable": {
        "sv": "kan inte öppna databasen {url}: {reason}",
        "en": "cannot open the database {url}: {reason}",
    },
    "db_bad_url": {
        "sv": "{url!r} är ingen databas-URL (sqlite:///fil.db eller postgresql+psycopg://…)",
        "en": "{url!r} is not a database URL (sqlite:///file.db or postgresql+psycopg://…)",
    },
    "db_driver": {
        "sv": "databasdrivrutinen för {url} är inte installerad ({reason}); Årshjul använder sqlite:///fil.db eller postgresql+psycopg://…",
        "en": "the database driver for {url} is not installed ({reason}); Årshjul uses sqlite:///file.db or postgresql+psycopg://…",
    },
    "db_is_folder": {
        "sv": "databasen {url} är en mapp, inte en databasfil",
        "en": "the database {url} is a folder, not a database file",
    },
    "db_folder": {
        "sv": "kan inte skapa mappen {folder} för databasen {url}: {reason}",
        "en": "cannot make the folder {folder} for the database {url}: {reason}",
    },
    "not_utf8": {
        "sv": "{what} är inte UTF-8 (byte 0x{byte:02x} på plats {position}); ställ in terminalen på UTF-8",
        "en": "{what} is not UTF-8 (byte 0x{byte:02x} at position {position}); set the terminal to UTF-8",
    },
    "argument_n": {"sv": "argument {number}", "en": "argument {number}"},
    "bad_whole": {
        "sv": "{value!r} är inget heltal (siffrorna 0–9)",
        "en": "{value!r} is not a whole number (the digits 0–9)",
    },
    "too_big": {
        "sv": "{value} är för stort (högst {most})",
        "en": "{value} is too large (at most {most})",
    },
    "not_workbook": {
        "sv": "{file} är ingen xlsx-arbetsbok som går att läsa ({reason})",
        "en": "{file} is not a readable xlsx workbook ({reason})",
    },
    # import
    "import_row": {"sv": "rad {line}: {problem}", "en": "line {line}: {problem}"},
    "import_rows": {
        "sv": "{count} rader har fel, inget importerades; först {first}",
        "en": "{count} lines are wrong, nothing was imported; first {first}",
    },
    "import_no_header": {
        "sv": "{file} saknar kolumnen {column} i rubrikraden",
        "en": "{file} has no column {column} in its header row",
    },
    "import_unknown_column": {
        "sv": "{file} har en okänd kolumn {column}",
        "en": "{file} has an unknown column {column}",
    },
    "import_empty": {"sv": "{file} har inga rader", "en": "{file} has no rows"},
    "import_format": {
        "sv": "{file}: bara .csv och .xlsx kan importeras",
        "en": "{file}: only .csv and .xlsx can be imported",
    },
    "import_unreadable": {
        "sv": "kan inte läsa {file}: {reason}",
        "en": "cannot read {file}: {reason}",
    },
    "report_binary": {
        "sv": "{format} skrivs till en fil: ange -o FIL.{format}",
        "en": "{format} goes to a file: give -o FILE.{format}",
    },
    "cannot_write": {
        "sv": "kan inte skriva {file}: {reason}",
        "en": "cannot write {file}: {reason}",
    },
    "import_sheet_row": {
        "sv": "{sheet}, rad {line}: {problem}",
        "en": "{sheet}, line {line}: {problem}",
    },
    "imported_note": {"sv": "Importerad från {file}", "en": "Imported from {file}"},
    "nr_taken": {
        "sv": "{nr} finns redan i planen för {plan_year}",
        "en": "{nr} is in the plan for {plan_year} already",
    },
    "imported_plan": {
        "sv": "importerade planen för {plan_year}: {goals} mål, {indicators} indikatorer, "
        "{measures} åtgärder, {running} löpande aktiviteter, {risks} risker",
        "en": "imported the plan for {plan_year}: {goals} goals, {indicators} indicators, "
        "{measures} measures, {running} running activities, {risks} risks",
    },
    "import_column": {"sv": "okänd kolumn {column!r}", "en": "unknown column {column!r}"},
    "import_twice": {
        "sv": "{nr} finns redan på rad {first}",
        "en": "{nr} is on line {first} already",
    },
    "import_goal_twice": {
        "sv": "mål {number} har redan en annan rubrik (rad {line})",
        "en": "goal {number} has another title already (line {line})",
    },
    "bad_whole_number": {
        "sv": "{field} {value!r} är inget heltal",
        "en": "{field} {value!r} is not a whole number",
    },
    "bad_status": {
        "sv": "{value!r} är ingen status (Ej påbörjat, Pågående eller Klart)",
        "en": "{value!r} is not a status (not started, ongoing or done)",
    },
    "bad_risk_level": {
        "sv": "risknivån {level} är inte sannolikhet × konsekvens ({probability} × {consequence})",
        "en": "the risk level {level} is not probability × consequence ({probability} × {consequence})",
    },
    "import_not_member": {
        "sv": "{email} hör inte till {org}",
        "en": "{email} does not belong to {org}",
    },
    # config
    "config": {
        "sv": "cykelkonfiguration {where}: {problem}",
        "en": "cycle configuration {where}: {problem}",
    },
    "cfg_unknown_key": {"sv": "okänd nyckel", "en": "unknown key"},
    "cfg_missing": {"sv": "saknas", "en": "is missing"},
    "cfg_type": {"sv": "ska vara {expected}", "en": "must be {expected}"},
    "cfg_bad_date": {
        "sv": '{value!r} är inget datum som "P-1 03-31"',
        "en": '{value!r} is not a date like "P-1 03-31"',
    },
    "cfg_closes_before_opens": {
        "sv": "stänger ({closes}) innan den öppnar ({opens})",
        "en": "closes ({closes}) before it opens ({opens})",
    },
    "cfg_order": {
        "sv": "{phase} får inte öppna eller stänga före {before}",
        "en": "{phase} may not open or close before {before}",
    },
    "cfg_bad_bound": {
        "sv": '{value!r} är ingen fasgräns som "decision.closes"',
        "en": '{value!r} is not a phase boundary like "decision.closes"',
    },
    "cfg_unreadable": {"sv": "kan inte läsas: {reason}", "en": "cannot be read: {reason}"},
    "cfg_bad_cadence": {
        "sv": '{value!r} är ingen kadens: skriv "4 per year", "6-8 per year", "every year in Q1", "every 3 years" eller "every 2-3 years"',
        "en": '{value!r} is not a cadence: write "4 per year", "6-8 per year", "every year in Q1", "every 3 years" or "every 2-3 years"',
    },
    "cfg_bad_invite": {
        "sv": '{value!r} är ingen inbjudan: skriv "everyone", "member", "designated", "adjunct" eller "group:NAMN" för en stående arbetsgrupp i body.standing_groups ({groups})',
        "en": '{value!r} is not an invitation: write "everyone", "member", "designated", "adjunct" or "group:NAME" for a standing working group in body.standing_groups ({groups})',
    },
    "cfg_bad_short": {
        "sv": '{value!r} är inget kortnamn som "FSPOS" (en versal A–Z, sedan A–Z eller 0–9, 2–12 tecken)',
        "en": '{value!r} is not a short name like "FSPOS" (a capital A–Z, then A–Z or 0–9, 2–12 characters)',
    },
    "cfg_bad_meeting_key": {
        "sv": '{value!r} är ingen nyckel som "styrelse" (a–z, 0–9, _ och -, högst 32 tecken)',
        "en": '{value!r} is not a key like "styrelse" (a–z, 0–9, _ and -, at most 32 characters)',
    },
    "cfg_bad_org_kind": {
        "sv": "{value!r} är ingen sorts organisation: authority, company eller association",
        "en": "{value!r} is no kind of organisation: authority, company or association",
    },
    "cfg_duplicate": {"sv": "{value!r} står där två gånger", "en": "{value!r} is there twice"},
    "cfg_last_missing": {
        "sv": "saknas: kadensen {cadence} behöver året för det senaste mötet, som last = 2025",
        "en": "is missing: the cadence {cadence} needs the year of the last meeting, as last = 2025",
    },
    "cfg_last_unused": {
        "sv": 'gäller bara en kadens som "every 2-3 years", inte {cadence}',
        "en": 'applies only to a cadence like "every 2-3 years", not {cadence}',
    },
    "cfg_too_many_dates": {
        "sv": "{count} datum, men kadensen {cadence} har högst {most} möten per år",
        "en": "{count} dates, but the cadence {cadence} has at most {most} meetings a year",
    },
    "cfg_date_not_plan_year": {
        "sv": '{value} ligger inte i planåret: skriv som "P 03-10"',
        "en": '{value} is not in the plan year: write it as "P 03-10"',
    },
    "cfg_date_not_quarter": {
        "sv": "{value} ligger inte i Q{quarter}, som kadensen {cadence} säger",
        "en": "{value} is not in Q{quarter}, as the cadence {cadence} says",
    },
    "cfg_brief_self": {
        "sv": "{value!r} är organets eget kortnamn (body.short): en informationspunkt gäller ett annat organ",
        "en": "{value!r} is the body's own short name (body.short): an information point is about another body",
    },
    "config_stored_where": {
        "sv": "i databasen (version {version})",
        "en": "in the database (version {version})",
    },
    "config_differs": {
        "sv": "{where} (sha256 {given}) är inte cykelkonfigurationen databasen har, {name} (sha256 {stored}); kör utan --config och ARSHJUL_CONFIG, eller byt med `arshjul cycle set {where}`",
        "en": "{where} (sha256 {given}) is not the cycle configuration the database keeps, {name} (sha256 {stored}); run without --config and ARSHJUL_CONFIG, or change it with `arshjul cycle set {where}`",
    },
    "config_lost": {
        "sv": "databasen saknar sin cykelkonfiguration fast historiken har den: den är borttagen förbi motorn; återställ databasen (inget ändrades)",
        "en": "the database has lost its cycle configuration though the history records it: it was removed behind the engine's back; restore the database (nothing was changed)",
    },
    "config_adopted": {
        "sv": "databasen hade ingen cykelkonfiguration sparad; den har nu {name} (sha256 {digest}) från {where}",
        "en": "the database kept no cycle configuration; it now keeps {name} (sha256 {digest}) from {where}",
    },
    "builtin_config": {"sv": "inbyggda {name}", "en": "built-in {name}"},
    "config_kept": {
        "sv": "databasen har cykelkonfigurationen {name} (sha256 {digest}) från {where}",
        "en": "the database keeps the cycle configuration {name} (sha256 {digest}) from {where}",
    },
    "config_changed": {
        "sv": "cykelkonfigurationen är nu {name} (sha256 {digest}) från {where}; det som förfaller är planerat på nytt",
        "en": "the cycle configuration is now {name} (sha256 {digest}) from {where}; what falls due is planned anew",
    },
    "config_unchanged": {
        "sv": "databasen har redan cykelkonfigurationen {name} (sha256 {digest}); inget ändrades",
        "en": "the database already keeps the cycle configuration {name} (sha256 {digest}); nothing changed",
    },
    "needs_coordinator_config": {
        "sv": "{email} får inte byta cykelkonfiguration: det gör samordnare",
        "en": "{email} may not change the cycle configuration: coordinators do",
    },
    "config_moves_fired": {
        "sv": "den nya cykelkonfigurationen flyttar {event}, som redan har skett, från {was} till {becomes}; inget ändrades",
        "en": "the new cycle configuration moves {event}, which has already taken effect, from {was} to {becomes}; nothing changed",
    },
    "config_moves_past": {
        "sv": "den nya cykelkonfigurationen flyttar {event} från {was} till {becomes}, som redan har passerat (nu {now}); inget ändrades",
        "en": "the new cycle configuration moves {event} from {was} to {becomes}, which has already passed (now {now}); nothing changed",
    },
    "mail_url": {
        "sv": "{url!r} är ingen e-postadress för leverans (dir:///mapp, smtp://värd:port, smtp+starttls://…, smtps://…)",
        "en": "{url!r} is not a mail delivery URL (dir:///folder, smtp://host:port, smtp+starttls://…, smtps://…)",
    },
    "mail_login_in_url": {
        "sv": "{url}: inloggning anges i ARSHJUL_SMTP_USER och ARSHJUL_SMTP_PASSWORD, aldrig i adressen",
        "en": "{url}: the login goes in ARSHJUL_SMTP_USER and ARSHJUL_SMTP_PASSWORD, never in the URL",
    },
    "outbox_sent": {
        "sv": "skickade {sent}, misslyckades {failed}, väntar {waiting} ({url})",
        "en": "sent {sent}, failed {failed}, waiting {waiting} ({url})",
    },
    "outbox_failed": {
        "sv": "{failed} meddelanden kunde inte levereras och försöks igen senare: {error}",
        "en": "{failed} messages could not be delivered and will be tried again: {error}",
    },
    "outbox_empty": {"sv": "utkorgen är tom", "en": "the outbox is empty"},
    "no_meeting": {"sv": "Inget möte {id}", "en": "No meeting {id}"},
    "no_report": {"sv": "Ingen rapport {name}", "en": "No report {name}"},
    "no_feed": {
        "sv": "Ingen kalender på den adressen (den kan ha bytts ut)",
        "en": "No calendar at this address (it may have been replaced)",
    },
    "meeting_refused": {
        "sv": "{email} får inte kalla till eller ändra möten: det gör samordnare",
        "en": "{email} may not convene or change meetings: coordinators do",
    },
    "group_outside": {
        "sv": "{email} kan inte gå med i arbetsgruppen för {id}: åtgärden är begränsad och {email} är utanför dem som får se den",
        "en": "{email} cannot join the working group of {id}: the measure is restricted and {email} is outside those who may see it",
    },
    "db_in_memory": {
        "sv": "{url} är en databas i minnet, borta när kommandot är klart: ange en fil (sqlite:///sökväg.db) eller PostgreSQL",
        "en": "{url} is a database in memory, gone when the command ends: give a file (sqlite:///path.db) or PostgreSQL",
    },
    "service_refused": {
        "sv": "{email} får inte köra schemaläggaren: det gör samordnare i varje samverkansorgan och tjänsten (utan --as)",
        "en": "{email} may not run the scheduler: coordinators of every body and the service (without --as) do",
    },
    "outbox_send_refused": {
        "sv": "{email} får inte skicka utkorgen: det gör samordnare i varje samverkansorgan och tjänsten (utan --as)",
        "en": "{email} may not send the outbox: coordinators of every body and the service (without --as) do",
    },
    "group_refused": {
        "sv": "{email} får inte sätta samman arbetsgruppen för {id}: det gör samordnare och åtgärdens ägare",
        "en": "{email} may not set up the working group of {id}: coordinators and its owner do",
    },
    "meeting_times": {
        "sv": "mötet måste sluta efter att det börjar och vara högst en vecka ({starts} – {ends})",
        "en": "a meeting must end after it starts and last at most a week ({starts} – {ends})",
    },
    "meeting_nobody": {
        "sv": "ett möte behöver inbjudna: --invite ORG|EMAIL eller --everyone",
        "en": "a meeting needs invitees: --invite ORG|EMAIL or --everyone",
    },
    "meeting_cancelled": {"sv": "möte {id} är inställt", "en": "meeting {id} is cancelled"},
    # recurring meetings and the standing information point
    "no_recurring": {
        "sv": "samverkansorganets konfiguration har inget återkommande möte {key!r} (finns: {known})",
        "en": "the body's configuration has no recurring meeting {key!r} (there are: {known})",
    },
    "meeting_type_needed": {
        "sv": "ange --type, eller --recurring för ett av samverkansorganets återkommande möten",
        "en": "give --type, or --recurring for one of the body's recurring meetings",
    },
    "brief_point": {"sv": "Information från {body}", "en": "Information from {body}"},
    "brief_heading": {
        "sv": "Information från {body} sedan {since}",
        "en": "Information from {body} since {since}",
    },
    "brief_decided": {"sv": "Beslutade åtgärder", "en": "Measures decided"},
    "brief_started": {"sv": "Påbörjade åtgärder", "en": "Measures started"},
    "brief_done": {"sv": "Genomförda åtgärder", "en": "Measures done"},
    "brief_cancelled": {"sv": "Avbrutna åtgärder", "en": "Measures cancelled"},
    "brief_exercises": {"sv": "Planerade övningar", "en": "Planned exercises"},
    "brief_meetings": {"sv": "Möten", "en": "Meetings"},
    "brief_nothing": {"sv": "Inget att rapportera.", "en": "Nothing to report."},
    "brief_due": {"sv": "klart senast {due}", "en": "due {due}"},
    "bad_time": {
        "sv": "{value!r} är ingen tid (skriv ÅÅÅÅ-MM-DD TT:MM)",
        "en": "{value!r} is not a time (write YYYY-MM-DD HH:MM)",
    },
    # audit
    "audit_broken": {
        "sv": "historikrad {seq} ({item} {event}) är ändrad: {why}",
        "en": "history row {seq} ({item} {event}) was edited: {why}",
    },
    "audit_hash": {
        "sv": "innehållet stämmer inte med sin hash",
        "en": "its content does not match its hash",
    },
    "audit_link": {
        "sv": "den pekar inte på raden före sig",
        "en": "it does not link to the row before it",
    },
    "audit_from": {
        "sv": "den utgår från {found} men historiken lämnade posten i {expected}",
        "en": "it starts from {found} but the history left the item {expected}",
    },
    "audit_tail": {
        "sv": "historiken har {count} rader men huvudet säger {expected} och en annan sista hash; "
        "rader i slutet är borttagna eller tillagda förbi motorn",
        "en": "the history has {count} rows but its head says {expected} and another last hash; "
        "rows at its end were removed or added behind the engine's back",
    },
    "audit_no_head": {
        "sv": "historikens huvud (raden i tabellen chain_head) saknas: historiken kan inte prövas "
        "eller förlängas; återställ databasen från en säkerhetskopia",
        "en": "the history's head (the row of table chain_head) is missing: the history cannot be "
        "verified or extended; restore the database from a backup",
    },
    "audit_key_needed": {
        "sv": "historiken är förseglad med nyckel {key}: sätt ARSHJUL_AUDIT_KEY_FILE till dess "
        "nyckelfil",
        "en": "the history is sealed with key {key}: set ARSHJUL_AUDIT_KEY_FILE to its key file",
    },
    "audit_key_other": {
        "sv": "nyckeln i ARSHJUL_AUDIT_KEY_FILE ({key}) är inte den historiken är förseglad med "
        "({chain})",
        "en": "the key in ARSHJUL_AUDIT_KEY_FILE ({key}) is not the one the history is sealed "
        "with ({chain})",
    },
    "audit_not_keyed": {
        "sv": "historiken är inte förseglad med nyckel {key}: den skrevs aldrig med nyckeln, "
        "eller skrevs om utan den (kör arshjul init för att försegla en ny historik)",
        "en": "the history is not sealed with key {key}: it was never written with the key, "
        "or was rewritten without it (run arshjul init to seal a new history)",
    },
    "audit_anchor_gone": {
        "sv": "det sparade huvudet {head} finns inte längre i historiken: rader fram till det är "
        "ändrade eller borttagna",
        "en": "the recorded head {head} is no longer in the history: rows up to it were "
        "changed or removed",
    },
    "audit_item_unrecorded": {
        "sv": "post {id} har ingen historik: den är skapad förbi motorn",
        "en": "item {id} has no history: it was made behind the engine's back",
    },
    "audit_item_differs": {
        "sv": "post {id}: {field} är {found} men historiken säger {expected}",
        "en": "item {id}: its {field} is {found} but its history says {expected}",
    },
    "audit_item_differs_hidden": {
        "sv": "post {id}: {field} stämmer inte med historiken",
        "en": "item {id}: its {field} does not match its history",
    },
    "audit_item_gone": {
        "sv": "post {id} finns i historiken men är borttagen",
        "en": "item {id} is in the history but was removed",
    },
    "audit_subject_unrecorded": {
        "sv": "{kind} {id} finns inte i historiken: den är skapad förbi motorn",
        "en": "{kind} {id} is not in the history: it was made behind the engine's back",
    },
    "audit_subject_differs": {
        "sv": "{kind} {id}: {field} är {found} men historiken säger {expected}",
        "en": "{kind} {id}: its {field} is {found} but its history says {expected}",
    },
    "audit_subject_differs_hidden": {
        "sv": "{kind} {id}: {field} stämmer inte med historiken",
        "en": "{kind} {id}: its {field} does not match its history",
    },
    "audit_subject_gone": {
        "sv": "{kind} {id} finns i historiken men är borttagen",
        "en": "{kind} {id} is in the history but was removed",
    },
    "audit_key_unreadable": {
        "sv": "ARSHJUL_AUDIT_KEY_FILE: {path} går inte att läsa ({reason})",
        "en": "ARSHJUL_AUDIT_KEY_FILE: {path} cannot be read ({reason})",
    },
    "audit_key_short": {
        "sv": "ARSHJUL_AUDIT_KEY_FILE: {path} har färre än {size} byte; ingen nyckel",
        "en": "ARSHJUL_AUDIT_KEY_FILE: {path} holds fewer than {size} bytes; no key",
    },
    "bad_digest": {
        "sv": "{value!r} är inget historikhuvud (64 hexadecimala tecken, som audit head skriver)",
        "en": "{value!r} is not a history head (64 hexadecimal digits, as audit head prints)",
    },
    "audit_ok": {
        "sv": "historiken är orörd: {count} rader, senaste hash {hash}",
        "en": "the history is untouched: {count} rows, last hash {hash}",
    },
    "audit_ok_keyed": {
        "sv": "förseglad med nyckel {key}",
        "en": "sealed with key {key}",
    },
    "audit_ok_anchored": {
        "sv": "den förlänger det sparade huvudet oförändrat ({count} rader då, {more} sedan)",
        "en": "it extends the recorded head unchanged ({count} rows then, {more} since)",
    },
    "audit_head": {
        "sv": "historikens huvud: {hash}, {count} rader",
        "en": "the history's head: {hash}, {count} rows",
    },
    "demo_title": {
        "sv": "Årshjul-demo: FTPOS-cykeln för planåret {year}, i {db}",
        "en": "Årshjul demo: the FTPOS cycle for plan year {year}, in {db}",
    },
    "demo_sector": {
        "sv": "{orgs} organisationer, {people} personer i alla roller",
        "en": "{orgs} organisations, {people} people in every role",
    },
    "demo_dialogue": {
        "sv": "kvartal 1, dialog: deltagarna föreslår åtgärder",
        "en": "Q1 dialogue: participants propose measures",
    },
    "demo_withdraw": {
        "sv": "en förslagsställare drar tillbaka sitt förslag",
        "en": "a proposer withdraws",
    },
    "demo_prioritisation": {
        "sv": "kvartal 2, prioritering: FI rangordnar med referensgruppen",
        "en": "Q2 prioritisation: FI ranks with the reference group",
    },
    "demo_decision": {
        "sv": "kvartal 3, beslut: FI:s ledning beslutar planen; resten lämnas av beslutstidpunkten",
        "en": "Q3 decision: FI management decides the plan; the deadline leaves out the rest",
    },
    "demo_start": {
        "sv": "{year}: ägarna startar sina åtgärder",
        "en": "{year}: owners start their measures",
    },
    "demo_done": {"sv": "{id} är genomförd", "en": "{id} is done"},
    "demo_next_prioritisation": {
        "sv": "kvartal 2: FI prioriterar förslagen till {year}",
        "en": "Q2: FI prioritises the proposals for {year}",
    },
    "demo_next_decision": {
        "sv": "kvartal 3: FI:s ledning beslutar planen för {year}",
        "en": "Q3: FI management decides the plan for {year}",
    },
    "demo_follow_up": {
        "sv": "uppföljning: FI bedömer varje åtgärd",
        "en": "follow-up: FI assesses every measure",
    },
    "demo_next_cycle": {
        "sv": "nästa cykel har öppnat; schemaläggaren fortsätter",
        "en": "the next cycle has opened; the scheduler keeps going",
    },
    "demo_quiet": {"sv": "på sina dagar: {counts}", "en": "on their days: {counts}"},
    "demo_restricted": {"sv": "[begränsad]", "en": "[need-to-know]"},
    "demo_continues": {"sv": "uppföljd, fortsätter", "en": "followed up, continues"},
    "demo_written": {"sv": "Skrivet:", "en": "Written:"},
    "demo_database": {"sv": "databas", "en": "database"},
    "demo_mail": {"sv": "e-post", "en": "mail"},
    "demo_messages": {"sv": "{count} meddelanden, .eml", "en": "{count} messages, .eml"},
    "demo_document": {"sv": "dokument", "en": "document"},
    "demo_look": {
        "sv": "Se dig om som FI:s samordnare:",
        "en": "Look around as FI's coordinator:",
    },
    "demo_exists": {
        "sv": "{path} finns redan; välj en ny mapp med --dir",
        "en": "{path} exists already; choose a new folder with --dir",
    },
    "council_title": {
        "sv": "Årshjul-demo: finansrådets år, verksamhetsplan och internkontrollplan {year}, i {db}",
        "en": "Årshjul demo: the finance council's year, plan and internal control plan {year}, in {db}",
    },
    "council_sector": {
        "sv": "tre regioner, {people} personer, funktionerna {functions}",
        "en": "three regions, {people} people, the functions {functions}",
    },
    "council_dialogue": {
        "sv": "förslag till aktiviteter för {year}",
        "en": "proposals of activities for {year}",
    },
    "council_proposed": {"sv": "{count} förslag", "en": "{count} proposals"},
    "council_prioritisation": {
        "sv": "beredning: samordnaren prioriterar förslagen",
        "en": "preparation: the coordinator prioritises the proposals",
    },
    "council_prioritised": {"sv": "{count} prioriterade", "en": "{count} prioritised"},
    "council_decision": {
        "sv": "finansrådet kvartal 4: mål, aktiviteter och internkontrollplan för {year} beslutas",
        "en": "the council's fourth quarter: goals, activities and internal control plan for {year}",
    },
    "council_goal": {"sv": "mål {number}: {title}", "en": "goal {number}: {title}"},
    "council_decided": {
        "sv": "{count} aktiviteter beslutade in i sina mål, med kvartal",
        "en": "{count} activities decided into their goals, with quarters",
    },
    "council_risks": {
        "sv": "{count} risker i internkontrollplanen",
        "en": "{count} risks in the internal control plan",
    },
    "council_plan_out": {
        "sv": "planen för {year} är beslutad: finansrådets möten med dagordning i kalendern",
        "en": "the plan for {year} is decided: the council's meetings with their agenda in the calendar",
    },
    "council_start": {
        "sv": "2023: funktionerna startar sina aktiviteter",
        "en": "2023: the functions start their activities",
    },
    "council_started_all": {"sv": "aktiviteterna är påbörjade", "en": "the activities are started"},
    "council_started": {"sv": "{id} påbörjas", "en": "{id} is started"},
    "council_done": {"sv": "{id} är genomförd", "en": "{id} is done"},
    "council_risk_done": {
        "sv": "åtgärden för risk {number} genomförs",
        "en": "the action of risk {number} is done",
    },
    "council_risk_reported": {
        "sv": "risk {number}: åtgärden rapporterad som genomförd",
        "en": "risk {number}: the action reported done",
    },
    "council_reassess": {
        "sv": "finansrådet omvärderar risk {number}",
        "en": "the council reassesses risk {number}",
    },
    "council_reassessed": {
        "sv": "risk {number}: {scores} (sannolikhet × konsekvens)",
        "en": "risk {number}: {scores} (probability × consequence)",
    },
    "council_minutes": {
        "sv": "finansrådet kvartal 1 har mötts",
        "en": "the council has met in the first quarter",
    },
    "council_minutes_kept": {"sv": "minnesanteckningar skickade", "en": "minutes sent"},
    "council_next_dialogue": {
        "sv": "förslag till aktiviteter för {year}",
        "en": "proposals of activities for {year}",
    },
    "council_next_prioritisation": {
        "sv": "beredning av förslagen för {year}",
        "en": "preparing the proposals for {year}",
    },
    "council_next_decision": {
        "sv": "finansrådet kvartal 4: planen för {year}",
        "en": "the council's fourth quarter: the plan for {year}",
    },
    "council_follow_up": {
        "sv": "uppföljning: varje aktivitet i planen för {year} bedöms",
        "en": "follow-up: each activity of the plan for {year} is assessed",
    },
    "demo_fix_dates": {
        "sv": "{title}: {count} datum att fastställa senast {by}",
        "en": "{title}: {count} dates to fix by {by}",
    },
    "bodies_title": {
        "sv": "Årshjul-demo: FSPOS och SOES bredvid FTPOS, planåret {year}, i {db}",
        "en": "Årshjul demo: FSPOS and SOES beside FTPOS, plan year {year}, in {db}",
    },
    "bodies_members": {"sv": "deltar: {members}", "en": "taking part: {members}"},
    "bodies_added": {
        "sv": "FI:s samordnare lägger till {short} ({name}): {people} personer",
        "en": "FI's coordinator adds {short} ({name}): {people} people",
    },
    "membership_member": {"sv": "medlemmar", "en": "members"},
    "membership_designated": {"sv": "utpekade", "en": "designated"},
    "membership_adjunct": {"sv": "adjungerade", "en": "adjunct"},
    "bodies_groups": {"sv": "stående arbetsgrupper: {names}", "en": "standing groups: {names}"},
    "bodies_network": {
        "sv": "{name} i FSPOS, med {count} kommunikationschefer",
        "en": "{name} in FSPOS, with {count} communications chiefs",
    },
    "bodies_move_heading": {
        "sv": "{name} flyttar till FTPOS",
        "en": "{name} moves to FTPOS",
    },
    "bodies_moved": {
        "sv": "{name}: {source} → {target} från och med {on}, med medlemmar och historik",
        "en": "{name}: {source} → {target} as of {on}, with its members and history",
    },
    "bodies_joined": {
        "sv": "{orgs} deltar nu i {target} som medlem",
        "en": "{orgs} now takes part in {target} as a member",
    },
    "bodies_dialogue": {
        "sv": "dialog: förslag i FSPOS och i SOES",
        "en": "dialogue: proposals in FSPOS and in SOES",
    },
    "bodies_prioritisation": {
        "sv": "prioritering i varje organ",
        "en": "prioritisation in each body",
    },
    "bodies_decision": {
        "sv": "beslut: styrelsen och SOES beslutar sina planer",
        "en": "decision: the board and SOES decide their plans",
    },
    "bodies_overlap": {
        "sv": "överlappsvyn för {year}: samma arbete i två organ?",
        "en": "the overlap view for {year}: the same work in two bodies?",
    },
    "bodies_marked": {
        "sv": "{a} och {b} markerade som samordnade av {by}",
        "en": "{a} and {b} marked coordinated by {by}",
    },
    "bodies_calendar": {
        "sv": "beslutstidpunkten har passerat: organens återkommande möten {year}",
        "en": "past the decision deadline: the bodies' recurring meetings of {year}",
    },
    "bodies_invitation": {
        "sv": "kallelsen till {title} har den stående informationspunkten:",
        "en": "the invitation to {title} carries the standing information point:",
    },
    "bodies_fix_dates": {
        "sv": "SOES samordnare påmind: chefsmötets datum fastställs",
        "en": "SOES's coordinator reminded: the chiefs' meeting's date is fixed",
    },
    "bodies_end": {
        "sv": "FSPOS första styrelsemöte har hållits",
        "en": "FSPOS's first board meeting has been held",
    },
    "bodies_look": {
        "sv": "Se dig om som FI:s samordnare i alla tre organen (klockan står vid demons slut):",
        "en": "Look around as FI's coordinator in all three bodies (the clock stands at the demo's end):",
    },
    "council_indicators": {
        "sv": "indikatorernas utfall för året",
        "en": "the indicators' outcomes for the year",
    },
    "council_met": {"sv": "uppnått", "en": "met"},
    "council_not_met": {"sv": "inte uppnått", "en": "not met"},
    "council_look": {
        "sv": "Se dig om som finanssamarbetets samordnare:",
        "en": "Look around as the cooperation's coordinator:",
    },
    "council_end": {
        "sv": "finansrådet kvartal 1: verksamhetsberättelsen gås igenom",
        "en": "the council's first quarter: the year-end report is gone through",
    },
    "reinstated_copy_note": {
        "sv": "{reason} (den överförda kopian {copy} togs tillbaka)",
        "en": "{reason} (the carried copy {copy} was withdrawn)",
    },
    "withdrawn_for_original": {
        "sv": "Tillbakadragen: originalet {id} återinsattes",
        "en": "Withdrawn: the original {id} was reinstated",
    },
    "copy_withdrawn": {
        "sv": "{id}: den överförda kopian {copy} togs tillbaka",
        "en": "{id}: the carried copy {copy} was withdrawn",
    },
    "carried_note": {
        "sv": "Överförd från {id}, som inte kom med i föregående plan",
        "en": "Carried from {id}, which was left out of the previous plan",
    },
    "not_in_plan": {
        "sv": "Ingår inte i den beslutade planen",
        "en": "Not included in the decided plan",
    },
    "tick_nothing": {"sv": "inget var att göra ({now})", "en": "nothing was due ({now})"},
    "tick_late": {"sv": "sen", "en": "late"},
    "tick_void": {"sv": "skickades inte: {reason}", "en": "not sent: {reason}"},
    "run_started": {
        "sv": "Årshjul kör som {instance}; väcks vid nästa händelse ({next}) och minst var {safety}:e sekund. Stoppa med Ctrl-C.",
        "en": "Årshjul runs as {instance}; wakes at the next event ({next}) and at least every {safety} s. Stop with Ctrl-C.",
    },
    "run_stopped": {"sv": "Årshjul stoppades", "en": "Årshjul stopped"},
    "run_trouble": {"sv": "fel, försöker igen: {error}", "en": "trouble, trying again: {error}"},
    "upcoming_none": {"sv": "inget planerat", "en": "nothing planned"},
    "serve_started": {
        "sv": "Årshjuls webbsida finns på {url}/ (e-post: {mail}). Stoppa med Ctrl-C.",
        "en": "Årshjul's web page is at {url}/ (mail: {mail}). Stop with Ctrl-C.",
    },
    "serve_stopped": {"sv": "webbsidan stoppades", "en": "the web page stopped"},
    "serve_listen": {
        "sv": "kan inte ta emot anrop på {host}:{port}: {reason}",
        "en": "cannot listen on {host}:{port}: {reason}",
    },
    "bad_web_url": {
        "sv": "{url!r} är ingen webbadress som https://ftpos.example.se",
        "en": "{url!r} is not a web address like https://ftpos.example.com",
    },
    "manager_copy": {
        "sv": "Kopia till er som chef för {owner}, som äger åtgärden.",
        "en": "A copy for you as the manager of {owner}, who owns the measure.",
    },
    "copy_subject": {"sv": "Kopia: {subject}", "en": "Copy: {subject}"},
    # what happens next, in mail
    "next_proposed": {
        "sv": "FI prioriterar förslagen {opens}–{closes}, tillsammans med referensgruppen.",
        "en": "FI prioritises the proposals from {opens} to {closes}, with the reference group.",
    },
    "next_prioritised": {
        "sv": "FI:s ledning beslutar verksamhetsplanen senast {closes}.",
        "en": "FI's management decides the plan by {closes}.",
    },
    "next_proposed_late": {
        "sv": "Prioriteringsfasen stängde {closes}; FI kan ändå prioritera förslaget, utanför"
        " fönstret.",
        "en": "The prioritisation phase closed on {closes}; FI may still prioritise the proposal,"
        " outside the window.",
    },
    "next_prioritised_late": {
        "sv": "Beslutsfasen stängde {closes}; FI:s ledning kan ändå besluta åtgärden med ett"
        " sent beslut.",
        "en": "The decision phase closed on {closes}; FI's management may still decide the"
        " measure by a late decision.",
    },
    "next_decided": {
        "sv": "Åtgärden genomförs {opens}–{closes}.",
        "en": "The measure is carried out from {opens} to {closes}.",
    },
    "next_running": {
        "sv": "Åtgärderna följs upp från {opens}.",
        "en": "The measures are followed up from {opens}.",
    },
    "next_carried": {
        "sv": "Förslaget förs vidare till dialogen för nästa cykel, som öppnar {opens}.",
        "en": "The proposal is carried into the next cycle's dialogue, which opens {opens}.",
    },
    "next_not_carried": {
        "sv": "Förslaget förs inte vidare.",
        "en": "The proposal is not carried over.",
    },
    "owed_dialogue": {
        "sv": "Har ni förslag till förmågehöjande åtgärder, lämna dem före dess.",
        "en": "If you have proposals for capability-raising measures, send them before then.",
    },
    "owed_prioritisation": {
        "sv": "Dessa förslag är ännu inte prioriterade:",
        "en": "These proposals are not prioritised yet:",
    },
    "owed_decision": {
        "sv": "Dessa prioriterade förslag väntar på beslut; det som inte beslutas utgår ur planen:",
        "en": "These prioritised proposals await a decision; what is not decided is left out of the plan:",
    },
    "owed_execution": {
        "sv": "Era åtgärder som ännu inte är rapporterade som klara:",
        "en": "Your measures not yet reported done:",
    },
    "owed_follow_up": {
        "sv": "Dessa åtgärder väntar på uppföljning:",
        "en": "These measures await their follow-up:",
    },
    "owed_communication": {
        "sv": "Planen och möteskalendern ska ha gått ut till alla deltagare.",
        "en": "The plan and the meeting calendar should have gone out to all participants.",
    },
    "effect_deprioritised": {
        "sv": "{count} förslag kom inte med i planen och är bortprioriterade.",
        "en": "{count} proposals were left out of the plan and are deprioritised.",
    },
    "effect_carried": {
        "sv": "{count} bortprioriterade förslag från förra cykeln fördes in i dialogen.",
        "en": "{count} deprioritised proposals of the cycle before were carried into the dialogue.",
    },
    "waiting_prioritise": {
        "sv": "{count} förslag att prioritera",
        "en": "{count} proposals to prioritise",
    },
    "waiting_follow_up": {
        "sv": "{count} åtgärder att följa upp",
        "en": "{count} measures to follow up",
    },
    # output
    "proposed_into": {
        "sv": "{id} är föreslagen i cykel {cycle} ({why})",
        "en": "{id} is proposed in cycle {cycle} ({why})",
    },
    "cycle_dialogue_open": {"sv": "dess dialog är öppen", "en": "its dialogue is open"},
    "cycle_dialogue_next": {
        "sv": "dess dialog öppnar {date}",
        "en": "its dialogue opens {date}",
    },
    "moved": {"sv": "{id}: {from_} → {to}", "en": "{id}: {from_} → {to}"},
    "due_moved": {
        "sv": "{id}: förfallodagen {asked} är {why}: flyttad till {to} enligt arbetsdagsregeln ({rule})",
        "en": "{id}: due {asked} is {why}: moved to {to} by the working-day rule ({rule})",
    },
    "due_holiday": {"sv": "en helgdag ({name})", "en": "a holiday ({name})"},
    "due_saturday": {"sv": "en lördag", "en": "a Saturday"},
    "due_sunday": {"sv": "en söndag", "en": "a Sunday"},
    "imported": {
        "sv": "importerade {count} förslag till cykel {cycle}",
        "en": "imported {count} proposals into cycle {cycle}",
    },
    "initialised": {
        "sv": "databasen {url} är klar ({revision})",
        "en": "database {url} is ready ({revision})",
    },
    "org_added": {"sv": "organisation {name} tillagd", "en": "organisation {name} added"},
    "person_added": {"sv": "{email} tillagd", "en": "{email} added"},
    "nothing": {"sv": "inga ärenden", "en": "no items"},
    "restricted": {"sv": "(begränsad åtgärd)", "en": "(restricted measure)"},
    "list_more": {
        "sv": "… och {count} till: hela listan visar `arshjul list --cycle {cycle}`",
        "en": "… and {count} more: `arshjul list --cycle {cycle}` shows them all",
    },
    # goals, indicators and the internal control plan
    "plan_refused": {
        "sv": "{email} får inte ändra planens mål, aktiviteter eller risker: det gör samordnare",
        "en": "{email} may not change the plan's goals, activities or risks: coordinators do",
    },
    "no_owner": {
        "sv": "Ingen person eller funktion {value}",
        "en": "No person or function {value}",
    },
    "bad_function_code": {
        "sv": "{code!r} kan inte vara en funktions kod (en kod som FO, utan @)",
        "en": "{code!r} cannot be a function's code (a code like FO, without @)",
    },
    "function_exists": {"sv": "funktionen {code} finns redan", "en": "function {code} exists"},
    "no_goal": {
        "sv": "Inget mål {number} i planen för {plan_year}",
        "en": "No goal {number} in the plan for {plan_year}",
    },
    "bad_goal": {
        "sv": "{value!r} är inget mål (skrivs 1, eller 3.1 som i planens avsnitt)",
        "en": "{value!r} is not a goal (written 1, or 3.1 as the plan's section)",
    },
    "goal_exists": {
        "sv": "mål {number} finns redan i planen för {plan_year}",
        "en": "goal {number} exists in the plan for {plan_year} already",
    },
    "bad_target": {
        "sv": "{value!r} är inget målvärde (ett tal)",
        "en": "{value!r} is not a target (a number)",
    },
    "no_indicator": {
        "sv": "Ingen indikator {number} i mål {goal} för {plan_year}",
        "en": "No indicator {number} in goal {goal} for {plan_year}",
    },
    "which_indicator": {
        "sv": "mål {goal} har {count} indikatorer: ange vilken med --indicator N",
        "en": "goal {goal} has {count} indicators: say which with --indicator N",
    },
    "needs_number": {
        "sv": "indikatorn har målvärdet {target}: utfallet ska vara ett tal, inte {value!r}",
        "en": "the indicator's target is {target}: the outcome must be a number, not {value!r}",
    },
    "bad_period": {
        "sv": "{value!r} är ingen period (skriv 2023, 2023-Q2, 2023-H1 eller 2023-06)",
        "en": "{value!r} is not a period (write 2023, 2023-Q2, 2023-H1 or 2023-06)",
    },
    "bad_nr": {
        "sv": "{value!r} är inget nummer i ett mål (skrivs som 1a)",
        "en": "{value!r} is not a number within a goal (written like 1a)",
    },
    "bad_quarter": {
        "sv": "{value!r} är inget kvartal (skriv Q1–Q4, eller 2024-Q1 för ett annat år)",
        "en": "{value!r} is not a quarter (write Q1–Q4, or 2024-Q1 for another year)",
    },
    "quarter_outside": {
        "sv": "kvartal {quarter} ligger utanför planens år {first}–{last}",
        "en": "quarter {quarter} is outside the plan's years {first}–{last}",
    },
    "quarter_after_due": {
        "sv": "kvartal {quarter} ligger efter beräknat klart {due}",
        "en": "quarter {quarter} is after the planned completion {due}",
    },
    "bad_score": {
        "sv": "{field} {value} ska vara {low}–{high}",
        "en": "{field} {value} must be {low}–{high}",
    },
    "bad_deadline": {
        "sv": "{value!r} är varken ett datum (ÅÅÅÅ-MM-DD), Löpande eller Vid behov",
        "en": "{value!r} is neither a date (YYYY-MM-DD), continuous nor as-needed",
    },
    "no_risk": {
        "sv": "Ingen risk {number} i internkontrollplanen för {plan_year}",
        "en": "No risk {number} in the internal control plan for {plan_year}",
    },
    "risk_exists": {
        "sv": "risk {number} finns redan i internkontrollplanen för {plan_year}",
        "en": "risk {number} exists in the internal control plan for {plan_year} already",
    },
    "bad_risk_number": {
        "sv": "{value} är inget risknummer (1 eller mer)",
        "en": "{value} is not a risk number (1 or more)",
    },
    "risk_done_refused": {
        "sv": "{email} får inte rapportera åtgärden för risk {number}: det gör {owner} eller en samordnare",
        "en": "{email} may not report the action of risk {number} done: {owner} or a coordinator does",
    },
    "risk_done_mark": {"sv": "genomförd", "en": "done"},
    # goals, indicators, activities and risks edited and retired; recurring activities
    "nothing_changed": {
        "sv": "inget att ändra: ange det nya värdet (se --help)",
        "en": "nothing to change: give the new value (see --help)",
    },
    "goal_retired": {
        "sv": "mål {number} i planen för {plan_year} är avslutat: inget nytt läggs under det",
        "en": "goal {number} in the plan for {plan_year} is retired: nothing new goes under it",
    },
    "already_retired": {
        "sv": "{what} avslutades redan tidigare",
        "en": "{what} is retired already",
    },
    "goal_still_runs": {
        "sv": "mål {number} kan inte avslutas: {open} är inte avslutade under det; flytta åtgärderna till "
        "ett annat mål (arshjul replan ID --goal G) eller avsluta dem och aktiviteterna först",
        "en": "goal {number} cannot be retired: {open} are still open under it; move the measures to "
        "another goal (arshjul replan ID --goal G) or end them and the activities first",
    },
    "no_activity": {
        "sv": "Ingen löpande aktivitet {nr} i planen för {plan_year}",
        "en": "No running activity {nr} in the plan for {plan_year}",
    },
    "recur_needs_on": {
        "sv": '--every kräver --on, dagen i planåret (som "P 03-31")',
        "en": '--every needs --on, the day of the plan year (like "P 03-31")',
    },
    "bad_recur_on": {
        "sv": '{value!r} är ingen dag i planåret (skriv som "P 03-31" eller "P+1 01-31")',
        "en": '{value!r} is not a day of the plan year (write like "P 03-31" or "P+1 01-31")',
    },
    "activity_not_recurring": {
        "sv": "aktivitet {nr} återkommer inte (den lades till utan --every)",
        "en": "activity {nr} does not recur (it was added without --every)",
    },
    "activity_done_refused": {
        "sv": "{email} får inte rapportera aktivitet {nr} genomförd: det gör {owner} eller en "
        "samordnare",
        "en": "{email} may not report activity {nr} done: {owner} or a coordinator does",
    },
    "no_occurrence": {
        "sv": "aktivitet {nr} återkommer inte {year} (den börjar med sin plans år)",
        "en": "activity {nr} has no occurrence in {year} (it starts with its plan's year)",
    },
    "occurrence_done": {
        "sv": "aktivitet {nr} är redan rapporterad genomförd för {year}",
        "en": "activity {nr} is reported done for {year} already",
    },
    "done_in_future": {
        "sv": "{day} har inte kommit än: rapportera när det är gjort",
        "en": "{day} has not come yet: report it when it is done",
    },
    "retired_mark": {"sv": "avslutades {day}: {reason}", "en": "retired {day}: {reason}"},
    "changed_line": {"sv": "{kind} {name}: {changes}", "en": "{kind} {name}: {changes}"},
    "kind_goal": {"sv": "mål", "en": "goal"},
    "kind_indicator": {"sv": "indikator", "en": "indicator"},
    "kind_activity": {"sv": "aktivitet", "en": "activity"},
    "kind_risk": {"sv": "risk", "en": "risk"},
    "retired_line": {"sv": "{kind} {name} avslutades", "en": "{kind} {name} retired"},
    "occurrence_line": {
        "sv": "{nr} {year}: genomförd {day} (skulle vara klar {due})",
        "en": "{nr} {year}: done {day} (due {due})",
    },
    "function_added": {
        "sv": "funktion {code} tillagd: {name}, leds av {head}",
        "en": "function {code} added: {name}, led by {head}",
    },
    "no_goals": {
        "sv": "planen för {plan_year} har inga mål",
        "en": "the plan for {plan_year} has no goals",
    },
    "no_risks": {
        "sv": "internkontrollplanen för {plan_year} har inga risker",
        "en": "the internal control plan for {plan_year} has no risks",
    },
    "risk_assessed": {
        "sv": "risk {number}: {before} → {after}",
        "en": "risk {number}: {before} → {after}",
    },
    "risk_reported": {
        "sv": "åtgärden för risk {number} ({plan_year}) är genomförd",
        "en": "the action of risk {number} ({plan_year}) is done",
    },
    "risk_already_done": {
        "sv": "åtgärden för risk {number} ({plan_year}) är redan rapporterad som genomförd",
        "en": "the action of risk {number} ({plan_year}) is reported done already",
    },
}
