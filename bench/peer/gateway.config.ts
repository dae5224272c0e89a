// Hive Gateway over the Mesh supergraph (build/supergraph.graphql): the links the bench's wing list
// needs, each through Mesh's in-context SDK (batched where the upstream has a batch endpoint):
// prisoner -> alerts (one batch), -> its cell and that cell's parents by key (one batch of derivable
// keys, as Person Graph does), -> sentences, -> contacts, -> probation case by NOMIS number (one
// batch) -> supervisions by CRN.
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
  additionalTypeDefs: /* GraphQL */ `
    extend type PrisonerSearch_Prisoner {
      alertList: [Alerts_Alert]
      locationHierarchy: [Locations_Location]
      sentences: PrisonApi_OffenderSentenceAndOffences
      contacts: [Contacts_PrisonerContactSummary]
      probationCase: ProbationSearch_OffenderDetail
    }
    extend type ProbationSearch_OffenderDetail {
      supervisionDetail: Delius_SupervisionResponse
    }
  `,
  additionalResolvers: {
    PrisonerSearch_Prisoner: {
      alertList: {
        selectionSet: '{ prisonerNumber }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.Alerts.Query.retrievePrisonerAlerts({
            root, context, info,
            key: root.prisonerNumber,
            argsFromKeys: (keys: string[]) => ({ input: keys }),
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
    },
    ProbationSearch_OffenderDetail: {
      supervisionDetail: {
        selectionSet: '{ otherIds { crn } }',
        resolve: (root: any, _args: any, context: any, info: any) =>
          context.Delius.Query.supervisions({ root, context, info, args: { crn: root.otherIds.crn } }),
      },
    },
  },
})
