// Hive Gateway over the Mesh supergraph (build/supergraph.graphql): the links the bench's profile (S1)
// and wing lists (S2) need, each through Mesh's in-context SDK (batched where the upstream has a
// batch endpoint). Wing list: prisoner -> alerts (one batch), -> its cell and that cell's parents by
// key (one batch of derivable keys, as Person Graph does), -> sentences, -> contacts, -> probation
// case by NOMIS number (one batch) -> supervisions by CRN. Profile, from the probation case by CRN:
// -> supervisions (MAPPA, dynamic risks, nDelius sentences), -> OASys risk of serious harm and
// predictor scores, -> the prisoner by NOMIS number (one batch) -> the wing list's links, NOMIS's
// offender record (categories) and future visits.
import { defineConfig } from '@graphql-hive/gateway'
import { parseSelectionSet } from '@graphql-tools/utils'
import { print, type SelectionSetNode } from 'graphql'

const inner = (sub?: SelectionSetNode) => (sub ? print(sub).slice(1, -1) : '')
const on = (type: string, wrap: (fields: string) => string) => (sub: SelectionSetNode) =>
  parseSelectionSet(`{ ... on ${type} { ${wrap(inner(sub))} } }`)

function ancestorKeys(key: string): string[] {
  const parts = key.split('-')
  const keys: string[] = []
  for (let n = parts.length; n >= 2; n--) keys.push(parts.slice(0, n).join('-'))
  return keys
}

export const gatewayConfig = defineConfig({
  supergraph: './build/supergraph.graphql',
  // As the graph's upstream client does (3 attempts from 50 ms): under S3's load a keep-alive connection
  // the simulator has just closed is reused now and then ("socket hang up"), which a retry absorbs.
  upstreamRetry: { maxRetries: 2, retryDelay: 50 },
  additionalTypeDefs: /* GraphQL */ `
    extend type PrisonerSearch_Prisoner {
      "Inactive alerts too when true (the upstream's includeInactive; active only by default)."
      alertList(includeInactive: Boolean): [Alerts_Alert]
      locationHierarchy: [Locations_Location]
      sentences: [PrisonApi_OffenderSentenceAndOffences]
      contacts: [Contacts_PrisonerContactSummary]
      probationCase: ProbationSearch_OffenderDetail
      offender: PrisonApi_InmateDetail
      futureVisits: [Visits_VisitDto]
    }
    extend type ProbationSearch_OffenderDetail {
      supervisionDetail: Delius_SupervisionResponse
      prisoner: PrisonerSearch_Prisoner
      roshRisks: Risks_AllRoshRiskDto_AllRisksView
      predictorScores: [Risks_AllPredictorVersionedUnion]
    }
  `,
  additionalResolvers: {
    PrisonerSearch_Prisoner: {
      alertList: {
        selectionSet: '{ prisonerNumber }',
        resolve: (root: any, args: any, context: any, info: any) =>
          context.Alerts.Query.retrievePrisonerAlerts({
            root, context, info,
            key: root.prisonerNumber,
            // one batch per field node, so every key of a batch shares the node's argument
            argsFromKeys: (keys: string[]) => ({ input: keys, includeInactive: args.includeInactive ?? false }),
            valuesFromResults: (result: any, keys: string[]) => {
              const byKey = new Map<string, any[]>()
              for (const alert of result?.content ?? []) {
                const list = byKey.get(alert.prisonNumber) ?? []
                list.push(alert)
                byKey.set(alert.prisonNumber, list)
              }
              return keys.map(k => byKey.get(k) ?? [])
            },
            selectionSet: on('Alerts_AlertsResponse', f => `content { prisonNumber ${f} }`),
          }),
      },
      locationHierarchy: {
        selectionSet: '{ prisonId cellLocation }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          root.prisonId && root.cellLocation && root.prisonId !== 'OUT'
            ? context.Locations.Query.getLocationsByKeys({
                root, context, info,
                key: `${root.prisonId}-${root.cellLocation}`,
                argsFromKeys: (keys: string[]) => ({ input: [...new Set(keys.flatMap(ancestorKeys))] }),
                valuesFromResults: (result: any[], keys: string[]) => {
                  const byKey = new Map((result ?? []).filter(Boolean).map((l: any) => [l.key, l]))
                  return keys.map(k => ancestorKeys(k).map(a => byKey.get(a)).filter(Boolean))
                },
                selectionSet: on('Locations_Location', f => `key ${f}`),
              })
            : null,
      },
      sentences: {
        selectionSet: '{ bookingId }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          root.bookingId
            ? context.PrisonApi.Query.getSentenceAndOffenceDetails({
                root, context, info,
                args: { bookingId: root.bookingId },
                selectionSet: on('PrisonApi_OffenderSentenceAndOffences', f => f),
              })
            : null,
      },
      contacts: {
        selectionSet: '{ prisonerNumber }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.Contacts.Query.getAllContacts({
            root, context, info,
            args: { prisonNumber: root.prisonerNumber, size: 100 },
            valuesFromResults: (result: any) => result?.content ?? [],
            selectionSet: on('Contacts_PagedModelPrisonerContactSummary', f => `content { ${f} }`),
          }),
      },
      probationCase: {
        selectionSet: '{ prisonerNumber }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.ProbationSearch.Query.findByNomsNumbers({
            root, context, info,
            key: root.prisonerNumber,
            argsFromKeys: (keys: string[]) => ({ input: keys }),
            valuesFromResults: (result: any[], keys: string[]) => {
              const byKey = new Map((result ?? []).map((o: any) => [o.otherIds?.nomsNumber, o]))
              return keys.map(k => byKey.get(k) ?? null)
            },
            selectionSet: (sub: SelectionSetNode) => parseSelectionSet(`{ otherIds { nomsNumber } ${inner(sub)} }`),
          }),
      },
      offender: {
        selectionSet: '{ prisonerNumber }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.PrisonApi.Query.getOffender_1({
            root, context, info,
            args: { offenderNo: root.prisonerNumber },
            selectionSet: on('PrisonApi_InmateDetail', f => f),
          }),
      },
      futureVisits: {
        selectionSet: '{ prisonerNumber }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.Visits.Query.getFutureVisitsForPrisoner({
            root, context, info,
            args: { prisonerId: root.prisonerNumber },
            selectionSet: on('Visits_VisitDto', f => f),
          }),
      },
    },
    ProbationSearch_OffenderDetail: {
      supervisionDetail: {
        selectionSet: '{ otherIds { crn } }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.Delius.Query.supervisions({ root, context, info, args: { crn: root.otherIds.crn } }),
      },
      prisoner: {
        selectionSet: '{ otherIds { nomsNumber } }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          root.otherIds?.nomsNumber
            ? context.PrisonerSearch.Query.findByNumbers({
                root, context, info,
                key: root.otherIds.nomsNumber,
                argsFromKeys: (keys: string[]) => ({ input: { prisonerNumbers: keys } }),
                valuesFromResults: (result: any[], keys: string[]) => {
                  const byKey = new Map((result ?? []).map((p: any) => [p.prisonerNumber, p]))
                  return keys.map(k => byKey.get(k) ?? null)
                },
                selectionSet: (sub: SelectionSetNode) => parseSelectionSet(`{ prisonerNumber ${inner(sub)} }`),
              })
            : null,
      },
      roshRisks: {
        selectionSet: '{ otherIds { crn } }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.Risks.Query.getRoshRisksByCrn_1({
            root, context, info,
            args: { crn: root.otherIds.crn },
            selectionSet: on('Risks_AllRoshRiskDto_AllRisksView', f => f),
          }),
      },
      predictorScores: {
        selectionSet: '{ otherIds { crn } }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.Risks.Query.getAllRiskScoresVersioned({
            root, context, info,
            args: { identifierType: 'CRN', identifierValue: root.otherIds.crn },
            selectionSet: on('Risks_AllPredictorVersionedUnion', f => f),
          }),
      },
    },
  },
})
