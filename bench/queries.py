"""The scenarios' GraphQL documents, and the people they ask for (deterministic, from the population).

S1 is one person's profile; S2 a wing list (a page of MDI's prisoners). Both use variables, so the
document text is the same on every request (the graph's parser and validation caches apply, as
they would for a real client's persisted query).

No JSON-scalar field is selected (`RiskSummary.riskInCommunity` ...): the resolved-field count walks
the response and would count a JSON scalar's keys as fields.
"""

from __future__ import annotations

from simulator.population import Person, Population

PRISON = "MDI"

_LOCATION = "key code pathHierarchy locationType localName level leafLevel capacity { maxCapacity workingCapacity }"
_CELL_LOCATION = f"""cellLocation {{
      prisonCode prisonName cell
      location {{ {_LOCATION} hierarchy {{ key code pathHierarchy locationType level }} }}
    }}"""
_ALERTS = """alerts { items { offenderNo type typeDescription code codeDescription dateCreated dateExpired active }
      pagination { totalCount page perPage } }"""
_SENTENCES = """sentences { items { serviceSource systemSource dateOfSentencing description isActive isCustodial
        fineAmount length { duration units terms { years months weeks days } } }
      pagination { totalCount } }"""
_CONTACTS = """contacts { items {
        contact { contactId firstName lastName dateOfBirth street postCode phoneNumber }
        relationship { relationshipToPrisonerCode relationshipToPrisonerDescription approvedVisitor nextOfKin emergencyContact }
      } pagination { totalCount } }"""

S1_QUERY = f"""query S1Profile($id: ID!) {{
  person(hmppsId: $id) {{
    hmppsId firstName lastName middleName dateOfBirth gender ethnicity pncId category csra receptionDate
    status prisonId prisonName
    aliases {{ firstName lastName dateOfBirth }}
    identifiers {{ nomisNumber croNumber deliusCrn }}
    {_CELL_LOCATION}
    {_ALERTS}
    {_SENTENCES}
    risks {{
      seriousHarm {{
        assessedOn
        riskToSelf {{ suicide {{ risk current }} selfHarm {{ risk current }} custody {{ risk current }} }}
        otherRisks {{ escapeOrAbscond controlIssuesDisruptiveBehaviour breachOfTrust riskToOtherPrisoners }}
        summary {{ whoIsAtRisk natureOfRisk riskImminence overallRiskLevel }}
      }}
      scores {{ items {{ completedDate assessmentStatus generalPredictor {{ scoreLevel }} violencePredictor {{ scoreLevel }}
        groupReconviction {{ scoreLevel }} riskOfSeriousRecidivism {{ scoreLevel }} }} pagination {{ totalCount }} }}
      mappaDetail {{ level levelDescription category categoryDescription startDate reviewDate }}
      dynamic {{ items {{ code description startDate reviewDate }} pagination {{ totalCount }} }}
      categories {{ offenderNo category categoryCode assessments {{ classificationCode assessmentCode assessmentDate nextReviewDate }} }}
    }}
    futureVisits {{ reference prisonId visitRoom visitType visitStatus visitRestriction startTimestamp endTimestamp
      visitContact {{ name telephone }} visitors {{ contactId visitContact }} }}
    {_CONTACTS}
  }}
}}"""

S2_QUERY = f"""query S2WingList($prisonId: ID!, $page: Int!, $perPage: Int!) {{
  prison(prisonId: $prisonId) {{
    prisonId
    prisoners(page: $page, perPage: $perPage) {{
      items {{
        hmppsId firstName lastName dateOfBirth category csra status
        {_CELL_LOCATION}
        {_ALERTS}
        {_SENTENCES}
        {_CONTACTS}
      }}
      pagination {{ isLastPage count page perPage totalCount totalPages }}
    }}
  }}
}}"""

# The lighter wing list: what a wing officer's screen shows. Three upstream requests in two levels
# (the prison list; then its alerts and its cells' locations, one batch each); nothing for probation.
S2_LIGHT_QUERY = """query S2LightWingList($prisonId: ID!, $page: Int!, $perPage: Int!) {
  prison(prisonId: $prisonId) {
    prisoners(page: $page, perPage: $perPage) {
      items {
        identifiers { nomisNumber }
        firstName lastName
        cellLocation { cell location { key locationType } }
        alerts(active: true) { items { code codeDescription dateCreated } }
      }
    }
  }
}"""

MAX_PER_PAGE = 100  # the graph's perPage limit (resolvers/pagination.py)


def s1_variables(person: Person) -> dict:
    return {"id": person.crn}


def s2_light_variables(per_page: int, page: int = 1) -> dict:
    return {"prisonId": PRISON, "page": page, "perPage": per_page}


def s2_variables(per_page: int, page: int = 1) -> dict:
    return {"prisonId": PRISON, "page": page, "perPage": per_page}


def s1_people(population: Population, count: int = 20) -> list[Person]:
    """The first `count` people (population order) held in MDI with a CRN, a full profile to show
    (OASys assessment, contacts, alerts) and no Delius restriction or exclusion (whose risks would
    be withheld). Looked up by CRN, their hmppsId."""
    chosen = [
        p
        for p in population.people
        if p.prison_id == PRISON
        and p.crn
        and p.prisoner_number
        and p.has_oasys
        and p.contacts
        and p.alerts
        and not p.restricted
        and not p.excluded
    ]
    return chosen[:count]


def prison_list(population: Population, prison: str = PRISON) -> list[Person]:
    """Prisoner Search's `GET /prison/{id}/prisoners` order (simulator/prisoner_search.py)."""
    return sorted(population.prisoners_in(prison), key=lambda p: (p.last_name, p.first_name, p.prisoner_number))


def s2_page(population: Population, per_page: int, page: int = 1, prison: str = PRISON) -> list[Person]:
    people = prison_list(population, prison)
    return people[(page - 1) * per_page : page * per_page]
