"""One deterministic synthetic population, consistent across every simulated upstream.

Each simulated service renders its own JSON from these records, so the same person has the same
NOMIS number, CRN, PNC and CRO number, prison and cell everywhere. Dates are relative to the day
the population is built (so "future visits" stay in the future); everything else follows the seed.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

# Real prison codes and names. MDI (Moorland) is always first and holds the most people, so a
# wing list of 1,000 prisoners exists at the default size.
PRISONS: dict[str, str] = {
    "MDI": "Moorland (HMP & YOI)",
    "LEI": "Leeds (HMP)",
    "BMI": "Birmingham (HMP)",
    "BXI": "Brixton (HMP)",
    "WWI": "Wandsworth (HMP & YOI)",
    "PVI": "Pentonville (HMP & YOI)",
    "MRI": "Manchester (HMP)",
    "LPI": "Liverpool (HMP)",
    "DMI": "Durham (HMP)",
    "NMI": "Nottingham (HMP)",
}
PRISON_WEIGHTS = [35, 8, 8, 7, 7, 7, 7, 7, 7, 7]

FIRST_NAMES_MALE = [
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Charlie",
    "Thomas",
    "Oscar",
    "William",
    "James",
    "Daniel",
    "Ryan",
    "Liam",
    "Connor",
    "Callum",
    "Kieran",
    "Jamie",
    "Lewis",
    "Adam",
    "Mohammed",
    "Aaron",
    "Dylan",
    "Ethan",
    "Owen",
    "Rhys",
    "Craig",
    "Gareth",
    "Stuart",
    "Darren",
    "Wayne",
    "Lee",
    "Dean",
    "Carl",
    "Scott",
    "Paul",
    "Mark",
    "Gavin",
    "Neil",
    "Kevin",
]
FIRST_NAMES_FEMALE = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Sophie",
    "Grace",
    "Chloe",
    "Jessica",
    "Lucy",
    "Megan",
    "Hannah",
    "Bethany",
    "Lauren",
    "Charlotte",
    "Gemma",
    "Kelly",
    "Leanne",
    "Stacey",
    "Zoe",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Hughes",
    "Edwards",
    "Hill",
    "Moore",
    "Clark",
    "Harrison",
    "Scott",
    "Young",
    "Morris",
    "Hussain",
    "Ward",
    "Turner",
    "Carter",
    "Phillips",
    "Cooper",
    "Murphy",
    "Kelly",
    "O'Brien",
    "McDonald",
    "Campbell",
    "Stewart",
    "Anderson",
    "Macleod",
    "Ahmed",
    "Begum",
    "Ali",
    "Singh",
]
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Green Lane",
    "Manor Road",
    "Park Avenue",
    "Queens Road",
    "Mill Lane",
    "Kings Road",
    "Albert Street",
    "Chapel Street",
]
TOWNS = [
    ("Sheffield", "South Yorkshire", "S"),
    ("Leeds", "West Yorkshire", "LS"),
    ("Doncaster", "South Yorkshire", "DN"),
    ("Manchester", "Greater Manchester", "M"),
    ("Liverpool", "Merseyside", "L"),
    ("Birmingham", "West Midlands", "B"),
    ("Nottingham", "Nottinghamshire", "NG"),
    ("Bristol", "Bristol", "BS"),
    ("Durham", "County Durham", "DH"),
    ("London", "Greater London", "SE"),
]
ETHNICITIES = [
    "White: Eng./Welsh/Scot./N.Irish/British",
    "White: Eng./Welsh/Scot./N.Irish/British",
    "White: Eng./Welsh/Scot./N.Irish/British",
    "White: Irish",
    "White: Any other background",
    "Asian/Asian British: Pakistani",
    "Asian/Asian British: Indian",
    "Black/Black British: Caribbean",
    "Black/Black British: African",
    "Mixed: White and Black Caribbean",
    "Prefer not to say",
]
# (type, type description, code, description)
ALERT_CODES = [
    ("X", "Security", "XA", "Arsonist"),
    ("X", "Security", "XEL", "Escape List"),
    ("X", "Security", "XCU", "Controlled Unlock"),
    ("X", "Security", "XGANG", "Gang member"),
    ("H", "Self Harm", "HA", "ACCT open"),
    ("H", "Self Harm", "HA2", "ACCT post closure"),
    ("M", "Medical", "MAS", "Asthmatic"),
    ("M", "Medical", "MEP", "Epileptic"),
    ("P", "MAPPP Case", "PC2", "MAPPA Category 2"),
    ("R", "Risk", "RSS", "Risk to Public - Community"),
    ("R", "Risk", "RTP", "Risk to Public"),
    ("V", "Vulnerability", "VI", "Victim"),
    ("S", "Sexual Offence", "SOR", "Sex Offender Registered"),
    ("C", "Child Communication Measures", "CC1", "Child contact arrangements"),
]
ALERT_COMMENTS = [
    "Reported by wing staff",
    "Confirmed by security department",
    "See case notes for detail",
    "Review at next OMU meeting",
    "Information from police intelligence",
    "Self-declared on reception",
]
# (description, term years range, custodial)
NOMIS_SENTENCE_TYPES = [
    ("ADIMP_ORA", "ORA CJA03 Standard Determinate Sentence", True),
    ("SDS", "Standard Determinate Sentence", True),
    ("EDS", "Extended Determinate Sentence", True),
    ("YOI", "Young Offender Inst - >=12 mths", True),
    ("FINE", "Imprisonment in Default of Fine", True),
]
DELIUS_SENTENCES = [
    ("CJA - Std Determinate Custody", True, "Months"),
    ("ORA Community Order", False, "Months"),
    ("ORA Suspended Sentence Order", False, "Months"),
    ("CJA - Extended Sentence", True, "Years"),
    ("Unpaid Work", False, "Hours"),
]
OFFENCES = [
    ("TH68010", "Theft from a shop", "Theft", "Theft from shops and stalls"),
    ("BU68001", "Burglary dwelling", "Burglary", "Burglary in a dwelling"),
    ("OF61102", "Assault occasioning actual bodily harm", "Violence", "Assault"),
    ("MD71230", "Possess with intent to supply a controlled drug of Class A", "Drug offences", "Supply"),
    ("RT88191", "Dangerous driving", "Motoring", "Dangerous driving"),
    ("FR06001", "Fraud by false representation", "Fraud", "Fraud"),
    ("RB68001", "Robbery", "Robbery", "Robbery of personal property"),
]
DYNAMIC_RISKS = [
    ("RCCO", "Child Concerns - Safeguarding concerns where a child is at risk from the offender"),
    ("RDVR", "Domestic Abuse Perpetrator"),
    ("RHRH", "High RoSH"),
    ("RCPS", "Child Protection"),
    ("RVLN", "Violence"),
]
PERSON_STATUSES = [("ASFO", "Serious Further Offence - Subject to SFO review"), ("WRSM", "Warrant/Summons")]
RELATIONSHIPS = [
    ("S", "Social/Family", "MOT", "Mother"),
    ("S", "Social/Family", "FA", "Father"),
    ("S", "Social/Family", "SIS", "Sister"),
    ("S", "Social/Family", "BRO", "Brother"),
    ("S", "Social/Family", "WIFE", "Wife"),
    ("S", "Social/Family", "GIF", "Girlfriend"),
    ("S", "Social/Family", "FRI", "Friend"),
    ("O", "Official", "POM", "Prison Offender Manager"),
    ("O", "Official", "SOL", "Solicitor"),
]
RISK_LEVELS = ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"]
INCENTIVE_LEVELS = [("BAS", "Basic"), ("STD", "Standard"), ("ENH", "Enhanced")]
SEXUAL_ORIENTATIONS = [
    "Heterosexual",
    "Heterosexual",
    "Heterosexual",
    "Gay or Lesbian",
    "Bisexual",
    "Prefer not to say",
    None,
]
DISABILITIES = [
    (("VI", "Visual Impairment"), ("PARTIAL", "Partially sighted")),
    (("LD", "Learning Difficulties"), ("DYSLEXIA", "Dyslexia")),
    (("MI", "Mental Illness"), ("ANXIETY", "Anxiety")),
    (("PM", "Physical Mobility"), ("WHEELCHAIR", "Wheelchair user")),
]
YES_NO = ["YES", "NO", "DK"]
VISIT_ROOMS = ["Visits Main Hall", "Family Visits Room", "Closed Visits Booth"]

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class WellKnown:
    """A person every population holds under fixed identifiers, for the README, the docs and demos."""

    role: str
    prisoner_number: str | None
    crn: str | None
    pnc_number: str | None = None  # None: the person keeps the PNC number generated for them


# Each is the first generated person with the role's properties (see `_is`), given these identifiers
# instead of their generated ones; nothing else about them or anyone else changes. docs/simulator.md.
WELL_KNOWN: tuple[WellKnown, ...] = (
    WellKnown("in prison", "A1234BC", "X123456", "2008/0545166T"),
    WellKnown("released", "A2345CD", "X234567"),
    WellKnown("probation only", None, "X345678"),
    WellKnown("restricted", "A4567DE", "X456789"),
    WellKnown("excluded", "A5678EF", "X567890"),
    WellKnown("prison only", "A6789FG", None),
    WellKnown("in transfer", "A7890GH", "X678901"),
)
IN_TRANSFER = "TRN"  # Prisoner Search's prisonId for someone on the way between two prisons
_NAMESPACE = uuid.UUID("0d7b5c4e-1c1e-4f8a-9c59-6a3c8c1f2e10")


def stable_uuid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(map(str, parts))))


@dataclass
class Location:
    id: str
    prison_id: str
    code: str
    path_hierarchy: str
    location_type: str  # DPS type: WING, LANDING, CELL
    level: int
    parent_id: str | None
    top_level_id: str
    local_name: str | None
    max_capacity: int
    working_capacity: int
    certified: bool
    capacity_of_certified_cell: int
    accommodation_types: list[str]
    specialist_cell_types: list[str]
    used_for: list[str]
    in_cell_sanitation: bool | None
    active: bool = True
    child_count: int = 0

    @property
    def key(self) -> str:
        return f"{self.prison_id}-{self.path_hierarchy}"

    @property
    def leaf(self) -> bool:
        return self.location_type == "CELL"


@dataclass
class Alert:
    uuid: str
    type: str
    type_description: str
    code: str
    description: str
    comment: str
    created_at: datetime
    active_from: date
    active_to: date | None
    created_by: str

    def is_active(self, today: date) -> bool:
        return self.active_from <= today and (self.active_to is None or self.active_to > today)


@dataclass
class NomisSentence:
    sequence: int
    calculation_type: str
    description: str
    sentence_date: date
    active: bool
    years: int
    months: int
    fine_amount: float | None
    offence: tuple[str, str, str, str]


@dataclass
class Supervision:
    number: int
    active: bool
    date: date
    description: str
    custodial: bool
    length: int
    length_units: str
    offence: tuple[str, str, str, str]


@dataclass
class Contact:
    prisoner_contact_id: int
    contact_id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    relationship: tuple[str, str, str, str]
    approved_visitor: bool
    next_of_kin: bool
    emergency_contact: bool
    active: bool
    street: str
    town: tuple[str, str, str]
    postcode: str
    phone: str


@dataclass
class Visit:
    reference: str
    application_reference: str
    prison_id: str
    start: datetime
    room: str
    restriction: str
    visitor_contact_ids: list[int]
    visit_contact_name: str
    visit_contact_phone: str


@dataclass
class Person:
    index: int
    first_name: str
    middle_names: str | None
    last_name: str
    date_of_birth: date
    gender: str
    ethnicity: str
    aliases: list[tuple[str, str, date]]
    prisoner_number: str | None
    crn: str | None
    pnc_number: str
    cro_number: str
    offender_id: int
    # Prison side (None for probation-only people).
    booking_id: int | None = None
    book_number: str | None = None
    prison_id: str | None = None  # "OUT" when released
    last_prison_id: str | None = None
    previous_prison_id: str | None = None
    previous_prison_leaving_date: date | None = None
    cell_location: str | None = None  # pathHierarchy, no prison prefix
    reception_date: date | None = None
    release_date: date | None = None
    category: str | None = None
    csra: str | None = None
    legal_status: str | None = None
    incentive: tuple[str, str] | None = None  # (code, description)
    sexual_orientation: str | None = None
    risk_management_plans: list[dict] = field(default_factory=list)
    disabilities: list[dict] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    nomis_sentences: list[NomisSentence] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    # Probation side (None for prison-only people).
    supervisions: list[Supervision] = field(default_factory=list)
    mappa: dict | None = None
    dynamic_risks: list[dict] = field(default_factory=list)
    person_statuses: list[dict] = field(default_factory=list)
    restricted: bool = False
    excluded: bool = False
    has_oasys: bool = False
    rosh: dict | None = None
    predictors: list[dict] = field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    address: tuple[str, tuple[str, str, str], str] | None = None

    @property
    def hmpps_id(self) -> str:
        """The CRN when the person has one, otherwise the NOMIS number."""
        return self.crn or self.prisoner_number  # type: ignore[return-value]

    def names(self, with_aliases: bool):
        """(first name, last name, date of birth) in lower case, then each alias's: what searches match."""
        yield self.first_name.lower(), self.last_name.lower(), self.date_of_birth.isoformat()
        if with_aliases:
            for first, last, born in self.aliases:
                yield first.lower(), last.lower(), born.isoformat()

    @property
    def in_prison(self) -> bool:
        """Held in one of the prisons now: not released (OUT), not in transfer between two (TRN)."""
        return self.prison_id not in (None, "OUT", "TRN")

    @property
    def in_custody(self) -> bool:
        """In prison or in transfer: the NOMIS booking is active."""
        return self.prison_id not in (None, "OUT")

    @property
    def cell_key(self) -> str | None:
        if not self.in_prison or not self.cell_location:
            return None
        return f"{self.prison_id}-{self.cell_location}"

    @property
    def prison_status(self) -> str:
        if self.prison_id == "OUT":
            return "INACTIVE OUT"
        if self.prison_id == "TRN":
            return "ACTIVE TRN"
        return "ACTIVE IN"

    @property
    def restriction_message(self) -> str | None:
        return "This is a restricted record. Please contact a system administrator" if self.restricted else None

    @property
    def exclusion_message(self) -> str | None:
        return "You are excluded from viewing this offender record. Please contact the OM" if self.excluded else None


class Population:
    """The whole synthetic world, built once from (size, seed)."""

    def __init__(self, size: int = 4000, seed: int = 1, today: date | None = None) -> None:
        self.size = size
        self.seed = seed
        self.today = today or date.today()
        self._rng = random.Random(seed)
        self.people: list[Person] = []
        self.locations: dict[str, Location] = {}  # by key
        self._build()

    # ---- indexes -------------------------------------------------------------------------
    @cached_property
    def by_prisoner_number(self) -> dict[str, Person]:
        return {p.prisoner_number: p for p in self.people if p.prisoner_number}

    @cached_property
    def by_crn(self) -> dict[str, Person]:
        return {p.crn: p for p in self.people if p.crn}

    @cached_property
    def by_booking_id(self) -> dict[int, Person]:
        return {p.booking_id: p for p in self.people if p.booking_id is not None}

    @cached_property
    def by_pnc(self) -> dict[str, Person]:
        return {p.pnc_number: p for p in self.people}

    @cached_property
    def locations_by_id(self) -> dict[str, Location]:
        return {loc.id: loc for loc in self.locations.values()}

    @cached_property
    def contacts_by_id(self) -> dict[int, Contact]:
        return {c.contact_id: c for p in self.people for c in p.contacts}

    @cached_property
    def visits_by_reference(self) -> dict[str, tuple[Person, Visit]]:
        return {v.reference: (p, v) for p in self.people for v in p.visits}

    def prisoners_in(self, prison_id: str) -> list[Person]:
        return [p for p in self.people if p.prisoner_number and p.prison_id == prison_id]

    def person(self, hmpps_id: str) -> Person | None:
        return self.by_crn.get(hmpps_id) or self.by_prisoner_number.get(hmpps_id)

    # ---- generation ----------------------------------------------------------------------
    def _unique(self, seen: set[str], make) -> str:
        while True:
            value = make()
            if value not in seen:
                seen.add(value)
                return value

    def _build(self) -> None:
        rng = self._rng

        # The well-known identifiers are never generated for anyone else.
        numbers: set[str] = {w.prisoner_number for w in WELL_KNOWN if w.prisoner_number}
        crns: set[str] = {w.crn for w in WELL_KNOWN if w.crn}
        pncs: set[str] = {w.pnc_number for w in WELL_KNOWN if w.pnc_number}
        prison_codes = list(PRISONS)
        for i in range(self.size):
            gender = "Male" if rng.random() < 0.9 else "Female"
            first = rng.choice(FIRST_NAMES_MALE if gender == "Male" else FIRST_NAMES_FEMALE)
            middle = (
                rng.choice(FIRST_NAMES_MALE if gender == "Male" else FIRST_NAMES_FEMALE) if rng.random() < 0.6 else None
            )
            last = rng.choice(SURNAMES)
            dob = self.today - timedelta(days=rng.randint(18 * 365, 75 * 365))
            # Which systems know this person.
            kind = rng.random()
            probation_only = kind < 0.12
            prison_only = 0.12 <= kind < 0.17
            nomis = (
                None
                if probation_only
                else self._unique(
                    numbers,
                    lambda: f"{rng.choice('AG')}{rng.randint(1000, 9999)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}",
                )
            )
            crn = (
                None if prison_only else self._unique(crns, lambda: f"{rng.choice('XDE')}{rng.randint(0, 999999):06d}")
            )
            year = dob.year + rng.randint(16, 30)
            year = min(year, self.today.year - 1)
            pnc = self._unique(pncs, lambda year=year: f"{year}/{rng.randint(0, 9999999):07d}{rng.choice(LETTERS)}")
            cro = f"{rng.randint(10000, 999999):06d}/{year % 100:02d}{rng.choice(LETTERS)}"
            aliases = []
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
                aliases.append(
                    (
                        rng.choice(FIRST_NAMES_MALE if gender == "Male" else FIRST_NAMES_FEMALE),
                        rng.choice(SURNAMES),
                        dob + timedelta(days=rng.choice([0, 0, 1, -365])),
                    )
                )
            person = Person(
                index=i,
                first_name=first,
                middle_names=middle,
                last_name=last,
                date_of_birth=dob,
                gender=gender,
                ethnicity=rng.choice(ETHNICITIES),
                aliases=aliases,
                prisoner_number=nomis,
                crn=crn,
                pnc_number=pnc,
                cro_number=cro,
                offender_id=2_500_000_000 + i,
            )
            if nomis:
                self._prison_side(person, rng, prison_codes)
            if crn:
                self._probation_side(person, rng)
            self.people.append(person)
        self._name_well_known_people()
        self._build_locations(rng)
        # Later additions draw from their own generator, so the people above stay exactly as they were.
        self._assign_incentives(random.Random(self.seed * 7919 + 1))
        self._assign_protected_characteristics(random.Random(self.seed * 7919 + 2))
        self._assign_risk_management_plans(random.Random(self.seed * 7919 + 3))
        self._put_in_transfer()

    def _name_well_known_people(self) -> None:
        taken: set[int] = set()
        for known in WELL_KNOWN:
            person = next((p for p in self.people if p.index not in taken and self._is(known.role, p)), None)
            if person is None:  # a population too small to hold such a person
                continue
            taken.add(person.index)
            person.prisoner_number, person.crn = known.prisoner_number, known.crn
            person.pnc_number = known.pnc_number or person.pnc_number
            for n, alert in enumerate(person.alerts):
                alert.uuid = stable_uuid("alert", person.prisoner_number, n)

    def _put_in_transfer(self) -> None:
        """The well-known person in transfer leaves Leeds for another prison: last of all, so that
        Leeds's cells and everything drawn after them are as they were. No one else is in transfer."""
        p = next((q for q in self.people if q.prisoner_number == "A7890GH"), None)
        if p is None:
            return
        p.last_prison_id, p.prison_id, p.cell_location = p.prison_id, IN_TRANSFER, None
        p.visits = []  # visits booked at the prison they are leaving are cancelled

    @staticmethod
    def _is(role: str, p: Person) -> bool:
        """Whether a generated person fits a well-known role (properties that do not depend on the day)."""
        limited = p.restricted or p.excluded
        if role == "in prison":  # in Moorland, known to probation, with alerts, visits, contacts and OASys
            active_alert = any(a.active_to is None for a in p.alerts)
            return (
                p.prison_id == "MDI"
                and bool(p.crn)
                and not limited
                and p.has_oasys
                and active_alert
                and bool(p.visits)
                and p.mappa is not None
            )
        if role == "released":
            return p.prison_id == "OUT" and bool(p.crn) and not limited and p.has_oasys
        if role == "probation only":
            return p.prisoner_number is None and not limited and p.has_oasys
        if role == "restricted":
            return p.in_prison and p.restricted and p.has_oasys
        if role == "excluded":
            return p.in_prison and p.excluded and p.has_oasys
        if role == "prison only":
            return p.crn is None and p.prison_id == "BMI"
        if role == "in transfer":  # in Leeds at first, put in transfer once the population is built
            return p.prison_id == "LEI" and bool(p.crn) and not limited and p.has_oasys and not p.previous_prison_id
        raise ValueError(role)

    def _assign_risk_management_plans(self, rng: random.Random) -> None:
        for p in self.people:
            if not p.has_oasys:
                continue
            for n in range(rng.choice([1, 1, 2])):
                completed = datetime.combine(self.today - timedelta(days=rng.randint(10, 900) + 400 * n), time(14, 5))
                p.risk_management_plans.append(
                    {
                        "assessmentId": 7_000_000 + p.index * 10 + n,
                        "assessmentStatus": "COMPLETE",
                        "assessmentType": "LAYER3",
                        "superStatus": "COMPLETE",
                        "partcompStatus": "Signed",
                        "dateCompleted": completed.isoformat(),
                        "initiationDate": (completed - timedelta(days=14)).isoformat(),
                        "keyInformationCurrentSituation": "Living with family; attending appointments",
                        "furtherConsiderationsCurrentSituation": "Review after any change of address",
                        "supervision": "Weekly reporting to the probation practitioner",
                        "monitoringAndControl": "Licence conditions: curfew and exclusion zone",
                        "interventionsAndTreatment": "Thinking Skills Programme",
                        "victimSafetyPlanning": "Victim liaison officer informed",
                        "contingencyPlans": "Recall if conditions are breached",
                        "laterWIPAssessmentExists": False,
                        "laterSignLockAssessmentExists": False,
                        "laterPartCompUnsignedAssessmentExists": False,
                        "laterPartCompSignedAssessmentExists": False,
                        "laterCompleteAssessmentExists": n > 0,
                        "latestCompleteDate": completed.isoformat(),
                        "latestSignLockDate": completed.isoformat(),
                    }
                )

    def _assign_protected_characteristics(self, rng: random.Random) -> None:
        for p in self.people:
            p.sexual_orientation = rng.choice(SEXUAL_ORIENTATIONS)
            if p.crn and rng.random() < 0.15:
                kind, condition = rng.choice(DISABILITIES)
                p.disabilities.append(
                    {
                        "disabilityId": 9_000_000 + p.index,
                        "disabilityType": {"code": kind[0], "description": kind[1]},
                        "condition": {"code": condition[0], "description": condition[1]},
                        "startDate": (self.today - timedelta(days=rng.randint(100, 4000))).isoformat(),
                        "endDate": None,
                        "notes": "Recorded at assessment",
                    }
                )

    def _assign_incentives(self, rng: random.Random) -> None:
        for p in self.people:
            if p.prisoner_number:
                p.incentive = rng.choices(INCENTIVE_LEVELS, weights=[1, 6, 3])[0]

    def _prison_side(self, p: Person, rng: random.Random, prison_codes: list[str]) -> None:
        p.booking_id = 1_200_000 + p.index
        p.book_number = f"{rng.randint(10000, 99999)}{rng.choice('ABCDEFG')}"
        prison = rng.choices(prison_codes, weights=PRISON_WEIGHTS)[0]
        p.reception_date = self.today - timedelta(days=rng.randint(10, 2000))
        p.category = rng.choice(["B", "C", "C", "C", "D"])
        p.csra = rng.choice(["STANDARD", "STANDARD", "MEDIUM", "HIGH", "LOW"])
        p.legal_status = rng.choice(["SENTENCED", "SENTENCED", "SENTENCED", "RECALL", "CONVICTED_UNSENTENCED"])
        if rng.random() < 0.10:  # released
            p.prison_id, p.last_prison_id = "OUT", prison
            p.release_date = self.today - timedelta(days=rng.randint(1, 700))
        else:
            p.prison_id = p.last_prison_id = prison
            if rng.random() < 0.06:  # recently transferred in from another prison
                p.previous_prison_id = rng.choice([c for c in prison_codes if c != prison])
                p.previous_prison_leaving_date = self.today - timedelta(days=rng.randint(1, 14))
        # Alerts: about a third have none; some have expired ones.
        for n in range(rng.choice([0, 0, 0, 1, 1, 2, 3, 4])):
            typ, typ_desc, code, desc = rng.choice(ALERT_CODES)
            start = self.today - timedelta(days=rng.randint(1, 2500))
            expired = rng.random() < 0.3
            end = (
                start + timedelta(days=rng.randint(30, 400))
                if expired
                else (self.today + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.2 else None)
            )
            if end is not None and end > self.today and expired:
                end = self.today - timedelta(days=1)
            p.alerts.append(
                Alert(
                    uuid=stable_uuid("alert", p.prisoner_number, n),
                    type=typ,
                    type_description=typ_desc,
                    code=code,
                    description=desc,
                    comment=rng.choice(ALERT_COMMENTS),
                    created_at=datetime.combine(start, time(rng.randint(8, 17), rng.randint(0, 59))),
                    active_from=start,
                    active_to=end,
                    created_by=f"USER{rng.randint(1, 99):02d}_GEN",
                )
            )
        # Sentences: most have one, some several (older ones inactive).
        for seq in range(1, rng.choice([1, 1, 1, 2, 2, 3]) + 1):
            calc, desc, _ = rng.choice(NOMIS_SENTENCE_TYPES)
            sdate = p.reception_date - timedelta(days=rng.randint(0, 120) + (seq - 1) * 900)
            p.nomis_sentences.append(
                NomisSentence(
                    sequence=seq,
                    calculation_type=calc,
                    description=desc,
                    sentence_date=sdate,
                    active=seq == 1 and p.prison_id != "OUT",
                    years=rng.randint(0, 8),
                    months=rng.randint(0, 11),
                    fine_amount=round(rng.uniform(50, 900), 2) if calc == "FINE" else None,
                    offence=rng.choice(OFFENCES),
                )
            )
        # Contacts (personal relationships) and future visits.
        for n in range(rng.choice([0, 1, 2, 3, 4, 5, 6])):
            rel = rng.choice(RELATIONSHIPS)
            town = rng.choice(TOWNS)
            p.contacts.append(
                Contact(
                    prisoner_contact_id=7_000_000 + p.index * 10 + n,
                    contact_id=3_000_000 + p.index * 10 + n,
                    first_name=rng.choice(FIRST_NAMES_FEMALE + FIRST_NAMES_MALE),
                    last_name=p.last_name if rel[0] == "S" and rng.random() < 0.6 else rng.choice(SURNAMES),
                    date_of_birth=self.today - timedelta(days=rng.randint(18 * 365, 80 * 365))
                    if rng.random() < 0.8
                    else None,
                    relationship=rel,
                    approved_visitor=rng.random() < 0.7,
                    next_of_kin=n == 0,
                    emergency_contact=n == 0 or rng.random() < 0.2,
                    active=rng.random() < 0.9,
                    street=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
                    town=town,
                    postcode=(
                        f"{town[2]}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
                    ),
                    phone=f"07{rng.randint(100000000, 999999999)}",
                )
            )
        if p.in_prison and p.contacts:
            visitors = [c for c in p.contacts if c.approved_visitor]
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                if not visitors:
                    break
                start = datetime.combine(
                    self.today + timedelta(days=rng.randint(1, 28)), time(rng.choice([9, 10, 14, 15]), 0)
                )
                chosen = rng.sample(visitors, k=min(len(visitors), rng.randint(1, 2)))
                raw = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(9))
                ref = "-".join(raw[i : i + 2] for i in range(0, 8, 2))
                p.visits.append(
                    Visit(
                        reference=ref,
                        application_reference=f"{raw[:3]}-{raw[3:6]}-{raw[6:9]}",
                        prison_id=p.prison_id,
                        start=start,
                        room=rng.choice(VISIT_ROOMS),
                        restriction=rng.choice(["OPEN", "OPEN", "CLOSED"]),
                        visitor_contact_ids=[c.contact_id for c in chosen],
                        visit_contact_name=f"{chosen[0].first_name} {chosen[0].last_name}",
                        visit_contact_phone=chosen[0].phone,
                    )
                )

    def _probation_side(self, p: Person, rng: random.Random) -> None:
        for n in range(1, rng.choice([1, 1, 2, 3]) + 1):
            desc, custodial, units = rng.choice(DELIUS_SENTENCES)
            sdate = self.today - timedelta(days=rng.randint(30, 3000))
            p.supervisions.append(
                Supervision(
                    number=n,
                    active=n == 1,
                    date=sdate,
                    description=desc,
                    custodial=custodial,
                    length=rng.choice([6, 12, 18, 24, 36]) if units != "Hours" else rng.choice([80, 120, 200]),
                    length_units=units,
                    offence=rng.choice(OFFENCES),
                )
            )
        if rng.random() < 0.25:
            level, category = rng.randint(1, 3), rng.choice([1, 2, 3])
            p.mappa = {
                "level": level,
                "levelDescription": f"MAPPA Level {level}",
                "category": category,
                "categoryDescription": f"MAPPA Cat {category}",
                "startDate": (self.today - timedelta(days=rng.randint(30, 900))).isoformat(),
                "reviewDate": (self.today + timedelta(days=rng.randint(10, 200))).isoformat(),
                "notes": "Managed under MAPPA; see multi-agency meeting minutes",
            }
        for code, desc in rng.sample(DYNAMIC_RISKS, k=rng.choice([0, 0, 1, 2])):
            p.dynamic_risks.append(
                {
                    "code": code,
                    "description": desc,
                    "startDate": (self.today - timedelta(days=rng.randint(30, 900))).isoformat(),
                    "reviewDate": (self.today + timedelta(days=rng.randint(10, 200))).isoformat(),
                    "notes": "Registered following OASys review",
                }
            )
        if rng.random() < 0.05:
            code, desc = rng.choice(PERSON_STATUSES)
            p.person_statuses.append(
                {
                    "code": code,
                    "description": desc,
                    "startDate": (self.today - timedelta(days=rng.randint(1, 300))).isoformat(),
                    "reviewDate": None,
                    "notes": "Status recorded by the probation practitioner",
                }
            )
        roll = rng.random()
        p.restricted = roll < 0.02
        p.excluded = 0.02 <= roll < 0.035
        p.has_oasys = rng.random() < 0.8
        if p.has_oasys:

            def concern() -> dict:
                risk = rng.choice(YES_NO)
                return {
                    "risk": risk,
                    "previous": rng.choice(YES_NO),
                    "current": risk,
                    "previousConcernsText": "Historic concerns recorded",
                    "currentConcernsText": "Current concerns recorded",
                }

            overall = rng.choice(RISK_LEVELS)
            assessed = datetime.combine(self.today - timedelta(days=rng.randint(5, 300)), time(11, 30))
            p.rosh = {
                "riskToSelf": {
                    k: concern() for k in ("suicide", "selfHarm", "custody", "hostelSetting", "vulnerability")
                },
                "otherRisks": {
                    k: rng.choice(YES_NO)
                    for k in (
                        "escapeOrAbscond",
                        "controlIssuesDisruptiveBehaviour",
                        "breachOfTrust",
                        "riskToOtherPrisoners",
                    )
                },
                "summary": {
                    "whoIsAtRisk": "Known adults and members of the public",
                    "natureOfRisk": "Physical violence when intoxicated",
                    "riskImminence": "Could happen once release conditions end",
                    "riskIncreaseFactors": "Alcohol misuse",
                    "riskMitigationFactors": "Stable accommodation and employment",
                    "overallRiskLevel": overall,
                    "riskInCommunity": {"LOW": ["Children", "Staff"], overall: ["Public", "Known Adult"]},
                    "riskInCustody": {rng.choice(RISK_LEVELS): ["Prisoners"], "LOW": ["Staff"]},
                },
                "assessedOn": assessed.isoformat(),
            }
            for n in range(rng.choice([1, 1, 2])):

                def risk_level() -> str:
                    return rng.choice(RISK_LEVELS[:3])

                p.predictors.append(
                    {
                        "completedDate": (assessed - timedelta(days=200 * n)).isoformat(),
                        "assessmentStatus": "COMPLETE",
                        "groupReconvictionScore": {
                            "oneYear": rng.randint(5, 60),
                            "twoYears": rng.randint(10, 80),
                            "scoreLevel": risk_level(),
                        },
                        "violencePredictorScore": {
                            "ovpStaticWeightedScore": rng.randint(1, 40),
                            "ovpDynamicWeightedScore": rng.randint(1, 40),
                            "ovpTotalWeightedScore": rng.randint(1, 80),
                            "oneYear": rng.randint(1, 30),
                            "twoYears": rng.randint(1, 50),
                            "ovpRisk": risk_level(),
                        },
                        "generalPredictorScore": {
                            "ogpStaticWeightedScore": rng.randint(1, 40),
                            "ogpDynamicWeightedScore": rng.randint(1, 40),
                            "ogpTotalWeightedScore": rng.randint(1, 80),
                            "ogp1Year": rng.randint(1, 50),
                            "ogp2Year": rng.randint(1, 70),
                            "ogpRisk": risk_level(),
                        },
                        "riskOfSeriousRecidivismScore": {
                            "percentageScore": round(rng.uniform(0.1, 9.9), 2),
                            "staticOrDynamic": "DYNAMIC",
                            "source": "OASYS",
                            "algorithmVersion": "5",
                            "scoreLevel": risk_level(),
                        },
                        "sexualPredictorScore": {
                            "ospIndecentScoreLevel": "LOW",
                            "ospContactScoreLevel": risk_level(),
                            "ospIndecentPercentageScore": 0.5,
                            "ospContactPercentageScore": 1.2,
                        },
                    }
                )
        p.phone = f"07{rng.randint(100000000, 999999999)}"
        p.email = f"{p.first_name.lower()}.{p.last_name.lower().replace(chr(39), '')}{rng.randint(1, 99)}@example.com"
        town = rng.choice(TOWNS)
        p.address = (
            f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
            town,
            f"{town[2]}{rng.randint(1, 20)} {rng.randint(1, 9)}AB",
        )

    def _build_locations(self, rng: random.Random) -> None:
        """Wings A.., landings 1-3, cells; then put every prisoner in a cell of their prison."""
        for prison_id in PRISONS:
            residents = self.prisoners_in(prison_id)
            landings_per_wing, cells_per_landing = 3, 40
            cells_needed = len(residents) * 3 // 4 + 1  # most cells are doubles; leave some empty
            wings = max(2, -(-cells_needed // (landings_per_wing * cells_per_landing)) + 1)
            cells: list[Location] = []
            for w in range(wings):
                wing_code = "ABCDEFGHJKLMNPQRSTUVWXYZ"[w]
                wing = self._add_location(prison_id, wing_code, wing_code, "WING", 1, None, None)
                wing.local_name = f"{wing_code} Wing"
                for landing_no in range(1, landings_per_wing + 1):
                    path = f"{wing_code}-{landing_no}"
                    landing = self._add_location(prison_id, str(landing_no), path, "LANDING", 2, wing, wing)
                    for cell_no in range(1, cells_per_landing + 1):
                        cell = self._add_location(
                            prison_id, f"{cell_no:03d}", f"{path}-{cell_no:03d}", "CELL", 3, landing, wing
                        )
                        double = rng.random() < 0.6
                        cell.max_capacity = 2 if double else 1
                        cell.working_capacity = cell.max_capacity if rng.random() < 0.95 else 0
                        cell.capacity_of_certified_cell = cell.max_capacity
                        cell.certified = cell.working_capacity > 0
                        cell.active = cell.working_capacity > 0
                        cell.in_cell_sanitation = rng.random() < 0.8
                        cell.accommodation_types = ["NORMAL_ACCOMMODATION"]
                        cell.used_for = [
                            rng.choice(
                                [
                                    "STANDARD_ACCOMMODATION",
                                    "STANDARD_ACCOMMODATION",
                                    "FIRST_NIGHT_CENTRE",
                                    "PERSONALITY_DISORDER",
                                ]
                            )
                        ]
                        if rng.random() < 0.1:
                            cell.specialist_cell_types = [
                                rng.choice(["ACCESSIBLE_CELL", "LISTENER_CRISIS", "SAFE_CELL", "CONSTANT_SUPERVISION"])
                            ]
                        cells.append(cell)
            free = [c for c in cells if c.active for _ in range(c.working_capacity)]
            for person, slot in zip(residents, free, strict=False):
                person.cell_location = slot.path_hierarchy
            # Roll totals up the tree so wings and landings carry their real capacity.
            by_id = {loc.id: loc for loc in self.locations.values() if loc.prison_id == prison_id}
            for cell in cells:
                for parent in self.ancestors(cell, by_id):
                    parent.max_capacity += cell.max_capacity
                    parent.working_capacity += cell.working_capacity
                    parent.capacity_of_certified_cell += cell.capacity_of_certified_cell
                    parent.child_count += 1

    def _add_location(
        self, prison_id: str, code: str, path: str, typ: str, level: int, parent: Location | None, wing: Location | None
    ) -> Location:
        loc_id = stable_uuid("location", prison_id, path)
        loc = Location(
            id=loc_id,
            prison_id=prison_id,
            code=code,
            path_hierarchy=path,
            location_type=typ,
            level=level,
            parent_id=parent.id if parent else None,
            top_level_id=wing.id if wing else loc_id,
            local_name=None,
            max_capacity=0,
            working_capacity=0,
            certified=True,
            capacity_of_certified_cell=0,
            accommodation_types=["NORMAL_ACCOMMODATION"],
            specialist_cell_types=[],
            used_for=[],
            in_cell_sanitation=None,
        )
        self.locations[loc.key] = loc
        return loc

    def ancestors(self, loc: Location, by_id: dict[str, Location] | None = None) -> list[Location]:
        """Parent, grandparent, ... up to the wing."""
        by_id = by_id or self.locations_by_id
        out = []
        while loc.parent_id:
            loc = by_id[loc.parent_id]
            out.append(loc)
        return out
